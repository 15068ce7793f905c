"""Who may commend, hold talks and see flags: committee staff of the deputy's jurisdiction
(and administrators). The deputy reads their own talks; nobody else reaches them."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role
from lianxi.directory.models import Deputy
from lianxi.performance.models_accountability import Commendation, Talk
from lianxi.performance.policies import _active, is_staff, is_staff_over


def can_commend(user: Any) -> bool:
    """Open a commendation: committee staff with a jurisdiction, or an administrator."""
    return is_staff(user)


def can_manage_commendation(user: Any, commendation: Commendation) -> bool:
    if not _active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.COMMITTEE or not user.jurisdiction_id:
        return False
    area = commendation.area
    return area is not None and area.prefix.startswith(user.jurisdiction.prefix)


def can_hold_talk(user: Any, deputy: Deputy) -> bool:
    return is_staff_over(user, deputy)


def can_see_talk(user: Any, talk: Talk) -> bool:
    if is_staff_over(user, talk.deputy):
        return True
    return bool(
        _active(user)
        and user.role == Role.DEPUTY
        and talk.deputy.user_id is not None
        and talk.deputy.user_id == user.pk
    )


def can_see_flags(user: Any) -> bool:
    return is_staff(user)
