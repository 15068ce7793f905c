"""Who may do what in retention: administrators run archiving and anonymisation by hand (the
scheduled jobs run them anyway) and see the archive; committee staff handle citizens'
deletion requests within their jurisdiction; a citizen files and follows their own."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_run_retention(user: Any) -> bool:
    return _active(user) and user.role == Role.ADMIN


def can_handle_requests(user: Any) -> bool:
    if not _active(user):
        return False
    return user.role == Role.ADMIN or bool(user.role == Role.COMMITTEE and user.jurisdiction_id)


def can_file_request(user: Any) -> bool:
    return _active(user) and user.role == Role.CITIZEN
