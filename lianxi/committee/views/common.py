"""What the committee's views share: run an action and turn its refusal into a message or a
form error (never a 500, nothing half-written)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from lianxi.core.errors import ActionError


def attempt(
    request: HttpRequest,
    do: Callable[[], Any],
    form: forms.Form | None = None,
    success: str = "",
) -> tuple[bool, Any]:
    """Run `do`; on refusal attach the message to the form field (or the form, or a message)."""
    try:
        result = do()
    except ActionError as exc:
        if form is not None:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.error(request, exc.message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result
