"""Who may do what in the insight app."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role

RETRAIN_ROLES = frozenset({Role.ADMIN, Role.COMMITTEE})
ANSWER_ROLES = frozenset(
    {Role.ADMIN, Role.COMMITTEE, Role.STATION_STAFF, Role.DEPUTY, Role.DEPARTMENT}
)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_retrain(user: Any) -> bool:
    return _active(user) and user.role in RETRAIN_ROLES


def can_see_models(user: Any) -> bool:
    return can_retrain(user)


def can_check_answers(user: Any) -> bool:
    return _active(user) and user.role in ANSWER_ROLES
