"""Who hears of the steps issue 26 added to a case: a department's appeal of a rating (B7) and
the committee's decision on it (lianxi/cases/appeals.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.recipients import handlers_of
from lianxi.notifications.rules import Rule
from lianxi.notifications.rules.cases import _citizen, _committee, _staff, case_params


def _department(event: Announcement) -> list[Any]:
    return handlers_of([event["department"]])


def _upheld(event: Announcement) -> bool:
    return event.get("decision") == "upheld"


def _rejected(event: Announcement) -> bool:
    return event.get("decision") == "rejected"


def _decision_params(event: Announcement) -> dict[str, Any]:
    return case_params(event) | {"reason": event.get("reason") or "—"}


RULES: list[Rule] = [
    _committee(
        "cases.appeal_rating",
        _(
            "%(dept)s appeals the citizen's rating of matter %(number)s “%(title)s”: "
            "uphold it or reject it with a reason."
        ),
    ),
    _staff(
        "cases.decide_appeal",
        _("the handlers of the appealing department"),
        Role.DEPARTMENT,
        _department,
        _(
            "Your appeal on matter %(number)s is upheld: the citizen's rating no longer counts "
            "in your scores."
        ),
        when=_upheld,
    ),
    _staff(
        "cases.decide_appeal",
        _("the handlers of the appealing department"),
        Role.DEPARTMENT,
        _department,
        _("Your appeal on matter %(number)s is rejected: %(reason)s"),
        params=_decision_params,
        when=_rejected,
    ),
    _citizen(
        "cases.decide_appeal",
        _(
            "[%(site)s] Your matter %(number)s: %(dept)s appealed your rating of its result; "
            "the committee set that rating aside."
        ),
        when=_upheld,
    ),
    _citizen(
        "cases.decide_appeal",
        _(
            "[%(site)s] Your matter %(number)s: %(dept)s appealed your rating of its result; "
            "the committee rejected the appeal and your rating stands."
        ),
        when=_rejected,
    ),
]
