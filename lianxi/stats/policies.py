"""Who may read which statistics."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role

DASHBOARD_ROLES = frozenset(
    {Role.ADMIN, Role.COMMITTEE, Role.DEPUTY, Role.STATION_STAFF, Role.DEPARTMENT}
)
EXPORT_ROLES = frozenset({Role.ADMIN, Role.COMMITTEE})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_see_dashboard(user: Any) -> bool:
    return _active(user) and user.role in DASHBOARD_ROLES


def can_export(user: Any) -> bool:
    """Whole tables leave the platform only for committee staff and administrators."""
    return _active(user) and user.role in EXPORT_ROLES


def can_refresh(user: Any) -> bool:
    return _active(user) and user.role in EXPORT_ROLES
