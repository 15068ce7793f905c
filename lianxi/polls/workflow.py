"""The poll's state machine (architecture.md rule 3): a transition table; illegal moves raise."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianxi.core.errors import IllegalTransition
from lianxi.polls.choices import Status

TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {Status.DRAFT: Status.PENDING},
    "approve": {Status.PENDING: Status.OPEN},
    "return": {Status.PENDING: Status.DRAFT},
    "publish": {Status.DRAFT: Status.OPEN},
    "close": {Status.OPEN: Status.CLOSED},
    "withdraw": {Status.DRAFT: Status.CANCELLED, Status.PENDING: Status.CANCELLED},
}


def next_status(current: str, step: str) -> str:
    """The state after `step`, or IllegalTransition."""
    target = TRANSITIONS[step].get(current)
    if target is None:
        raise IllegalTransition(
            _("Not possible while the poll is “%(status)s”.") % {"status": Status(current).label}
        )
    return target


def can(current: str, step: str) -> bool:
    return current in TRANSITIONS[step]
