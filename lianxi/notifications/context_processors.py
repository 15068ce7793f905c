"""The bell in the top bar: the signed-in person's unread count, counted only when a page
shows it (never for the anonymous) and at most once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lianxi.notifications.models import OutboxMessage

CACHE_ATTR = "_lianxi_unread"


def unread_count(request: HttpRequest) -> int:
    """One indexed COUNT, remembered on the request (the home page shows it twice)."""
    cached = getattr(request, CACHE_ATTR, None)
    if cached is not None:
        return int(cached)
    user: Any = getattr(request, "user", None)
    count = 0
    if user is not None and user.is_authenticated:
        count = OutboxMessage.objects.inbox(user).unread().count()
    setattr(request, CACHE_ATTR, count)
    return count


def remember_unread(request: HttpRequest, count: int) -> None:
    """A page that counted the unread rows already (the list) saves the bell its query."""
    setattr(request, CACHE_ATTR, count)


class Bell:
    """Lazy: `{{ bell.unread }}` runs the count the first time a template asks for it."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @property
    def unread(self) -> int:
        return unread_count(self._request)

    @property
    def label(self) -> str:
        n = self.unread
        return "99+" if n > 99 else str(n)


def bell(request: HttpRequest) -> dict[str, Any]:
    return {"bell": Bell(request)}
