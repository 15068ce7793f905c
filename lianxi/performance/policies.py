"""Who may do what with performance records."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role
from lianxi.directory.models import Deputy
from lianxi.performance.models import Record


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_staff(user: Any) -> bool:
    """Committee staff with a jurisdiction, or an administrator: the staff of this app."""
    if not _active(user):
        return False
    return user.role == Role.ADMIN or (user.role == Role.COMMITTEE and bool(user.jurisdiction_id))


def is_staff_over(user: Any, deputy: Deputy) -> bool:
    if not _active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return bool(
        user.role == Role.COMMITTEE
        and user.jurisdiction_id
        and deputy.constituency.prefix.startswith(user.jurisdiction.prefix)
    )


def is_owner(user: Any, record: Record) -> bool:
    return bool(
        _active(user)
        and user.role == Role.DEPUTY
        and record.deputy.user_id is not None
        and record.deputy.user_id == user.pk
    )


def can_enter(user: Any, record: Record) -> bool:
    """The deputy adds their own entries to their own record."""
    return is_owner(user, record)


def can_review(user: Any, record: Record) -> bool:
    return is_staff_over(user, record.deputy)


def can_configure(user: Any) -> bool:
    """Schemes are set by the committee: administrators and city-wide or district staff."""
    return is_staff(user)


def own_deputy(user: Any) -> Deputy | None:
    if not _active(user) or user.role != Role.DEPUTY:
        return None
    return getattr(user, "deputy", None)
