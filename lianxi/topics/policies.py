"""Who may use which part of the topics app."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role

ANALYST_ROLES = frozenset({Role.COMMITTEE, Role.ADMIN})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_see_hot_issues(user: Any) -> bool:
    return _active(user) and user.role in ANALYST_ROLES


def can_decide_topics(user: Any) -> bool:
    return _active(user) and user.role in ANALYST_ROLES


def is_citizen(user: Any) -> bool:
    return _active(user) and user.role == Role.CITIZEN
