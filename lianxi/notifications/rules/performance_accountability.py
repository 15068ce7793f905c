"""Who hears of commendation and accountability (lianxi/performance/actions_accountability.py
and flags.py): the deputy when a commendation naming them is published and when a talk with
them is recorded or closed; committee staff of the deputy's jurisdiction when a recomputation
first finds the deputy flagged for a year (once per deputy and year: the key)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.recipients import committee_for
from lianxi.notifications.rules import Rule


def the_deputy(deputy: Any) -> list[Any]:
    return [deputy.user] if deputy.user_id else []


def talk_params(event: Announcement) -> dict[str, Any]:
    talk = event.target
    return {"kind": talk.get_kind_display(), "date": f"{talk.day:%Y-%m-%d}"}


def flag_params(event: Announcement) -> dict[str, Any]:
    flag = event.target
    reasons = []
    if flag.incompetent:
        reasons.append(str(_("graded not competent")))
    if flag.two_years_low:
        reasons.append(str(_("below 60 points two years in a row")))
    return {"name": flag.record.deputy.name, "year": flag.record.year, "why": "、".join(reasons)}


RULES = [
    Rule(
        action="performance.publish_commendation",
        who=_("the deputy commended"),
        role=Role.DEPUTY,
        family=Family.PERFORMANCE,
        template=_("You are commended: %(title)s."),
        params=lambda e: {"title": e.target.commendation.title},
        recipients=lambda e: the_deputy(e.target.deputy),
        url=lambda e: f"/work/performance/commendations/{e.target.commendation_id}/",
        key=lambda e: f"performance:commended:{e.target.pk}",
    ),
    Rule(
        action="performance.record_talk",
        who=_("the deputy talked with"),
        role=Role.DEPUTY,
        family=Family.PERFORMANCE,
        template=_("The committee recorded a %(kind)s with you on %(date)s: see your record."),
        params=talk_params,
        recipients=lambda e: the_deputy(e.target.deputy),
        url=lambda e: f"/work/performance/talks/{e.target.pk}/",
        key=lambda e: f"performance:talk:{e.target.pk}",
    ),
    Rule(
        action="performance.close_talk",
        who=_("the deputy talked with"),
        role=Role.DEPUTY,
        family=Family.PERFORMANCE,
        template=_("The %(kind)s of %(date)s is closed with its outcome: see your record."),
        params=talk_params,
        recipients=lambda e: the_deputy(e.target.deputy),
        url=lambda e: f"/work/performance/talks/{e.target.pk}/",
        key=lambda e: f"performance:talk-closed:{e.target.pk}",
    ),
    Rule(
        action="performance.flag_found",
        who=_("committee staff of the deputy's jurisdiction (once per deputy and year)"),
        role=Role.COMMITTEE,
        family=Family.PERFORMANCE,
        template=_("%(name)s is flagged for %(year)s: %(why)s."),
        params=flag_params,
        recipients=lambda e: committee_for(e.target.record.deputy.constituency),
        url=lambda e: f"/work/performance/flags/?year={e.target.record.year}",
        key=lambda e: f"performance:flag:{e.target.record.deputy_id}:{e.target.record.year}",
    ),
]
