"""What the liaison views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from lianxi.core.errors import ActionError


def attempt(
    request: HttpRequest,
    do: Callable[[], Any],
    form: forms.BaseForm | None = None,
    success: str = "",
) -> tuple[bool, Any]:
    """Run an action; its refusal becomes a form error or a message, never a 500."""
    try:
        result = do()
    except ActionError as exc:
        if form is not None:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.error(request, exc.message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def signed_in(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_authenticated or not user.is_active:
        raise Http404
    return user


def uploads(request: HttpRequest, name: str = "photos") -> list[tuple[str, bytes]]:
    return [(f.name or "", f.read()) for f in request.FILES.getlist(name)]
