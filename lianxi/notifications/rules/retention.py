"""Who hears of a citizen's request to delete their personal data (lianxi/retention/actions.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.recipients import committee_for
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient, phone_of

SITE = "人大代表联络平台"


def params(event: Announcement) -> dict[str, Any]:
    request = event.target
    return {"site": SITE, "number": request.pk, "answer": request.answer}


def key(event: Announcement) -> str:
    return f"{event.action}:{event.target.pk}"


def the_citizen(event: Announcement) -> list[Recipient]:
    citizen = event.target.citizen
    return [Recipient(user=citizen, phone=phone_of(citizen))]


def committee_staff(event: Announcement) -> list[Any]:
    return committee_for(event.target.citizen.home_community)


RULES = [
    Rule(
        action="retention.file_request",
        who=_("committee staff of the citizen's area"),
        role=Role.COMMITTEE,
        family=Family.ACCOUNT,
        template=_("[%(site)s] Request %(number)s to delete a citizen's personal data: handle it."),
        params=params,
        recipients=committee_staff,
        url=lambda e: f"/work/retention/requests/{e.target.pk}/",
        key=key,
    ),
    Rule(
        action="retention.approve_request",
        who=_("the citizen"),
        role=Role.CITIZEN,
        family=Family.ACCOUNT,
        template=_(
            "[%(site)s] Your request %(number)s was approved: your personal data has been "
            "deleted and your account closed."
        ),
        params=params,
        recipients=the_citizen,
        url=lambda e: "/",
        key=key,
    ),
    Rule(
        action="retention.refuse_request",
        who=_("the citizen"),
        role=Role.CITIZEN,
        family=Family.ACCOUNT,
        template=_(
            "[%(site)s] Your request %(number)s to delete your data was refused: %(answer)s"
        ),
        params=params,
        recipients=the_citizen,
        url=lambda e: "/privacy/deletion/",
        key=key,
    ),
]
