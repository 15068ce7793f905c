"""What the liaison views share."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest


def signed_in(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_authenticated or not user.is_active:
        raise Http404
    return user


def uploads(request: HttpRequest, name: str = "photos") -> list[tuple[str, bytes]]:
    return [(f.name or "", f.read()) for f in request.FILES.getlist(name)]
