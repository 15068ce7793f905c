"""Who may do what with polls (one policy for the model, architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from lianxi.committee.policies import can_manage as committee_can_manage
from lianxi.committee.policies import is_committee_staff
from lianxi.core.choices import Role


def is_poll_staff(user: Any) -> bool:
    """Committee staff with a jurisdiction and administrators build and approve polls."""
    return is_committee_staff(user)


def can_manage(user: Any, poll: Any) -> bool:
    """Staff of the poll's area (its jurisdiction covers the organising area)."""
    return committee_can_manage(user, poll)


def is_asker(user: Any, poll: Any) -> bool:
    """The deputy who asks this poll."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.DEPUTY
        and poll.deputy_id is not None
        and poll.deputy.user_id == user.pk
    )


def can_edit(user: Any, poll: Any) -> bool:
    """Questions and settings change while the poll is being prepared."""
    return poll.status == "draft" and (can_manage(user, poll) or is_asker(user, poll))


def can_see_results(user: Any, poll: Any) -> bool:
    if can_manage(user, poll) or is_asker(user, poll):
        return poll.status in {"open", "closed"}
    if poll.status not in {"open", "closed"} or not poll.results_public:
        return False
    if poll.audience == "deputies":
        return bool(getattr(user, "is_authenticated", False) and user.role == Role.DEPUTY)
    return True


def can_enter_paper(user: Any, poll: Any) -> bool:
    """Staff of the poll's area, and the staff of the station whose visitors it asks."""
    if can_manage(user, poll):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.STATION_STAFF
        and poll.station_id is not None
        and poll.station.staff.filter(pk=user.pk).exists()
    )
