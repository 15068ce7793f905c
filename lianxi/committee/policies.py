"""Who may do what in the committee app."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from lianxi.core.choices import Role


def is_committee_staff(user: Any) -> bool:
    """Administrators, and committee staff with a jurisdiction."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return bool(user.role == Role.COMMITTEE and user.jurisdiction_id)


def is_deputy(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.DEPUTY
    )


def can_manage(user: Any, obj: Model) -> bool:
    """Staff may change an item organised within their jurisdiction."""
    if not is_committee_staff(user):
        return False
    if user.role == Role.ADMIN:
        return True
    area = getattr(obj, "area", None)
    return bool(area is not None and area.prefix.startswith(user.jurisdiction.prefix))
