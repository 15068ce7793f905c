"""Followers of a case (lianxi/topics) hear of its public steps, in a fixed sentence per step:
never the step's own text, which is written for the case's citizen and may name them.

On a merge the followers hear it before lianxi/topics moves them to the case it was merged
into (the notifications app subscribes before topics: INSTALLED_APPS order)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient

SITE = "人大代表联络平台"
MESSAGE = _("[%(site)s] The matter you follow (%(what)s, %(place)s): %(text)s")

# action → what a follower hears of it
STEPS: dict[str, Any] = {
    "cases.accept": _("it was accepted and passed to a deputy."),
    "cases.decline": _("it was not accepted. If your situation differs, raise your own matter."),
    "cases.merge": _("it was merged with a similar matter; you now follow that one."),
    "cases.reply": _("the deputy has answered it."),
    "cases.refer": _("it was referred to a government department."),
    "cases.reroute": _("it was referred to a government department."),
    "cases.dept_accept": _("the department has taken it on."),
    "cases.dept_answer": _("the department has answered it."),
    "cases.report_back": _("the deputy has reported back on it."),
    "cases.rate": _("it is closed."),
    "cases.close_unrated": _("it is closed."),
    "cases.reopen": _("it was reopened."),
}


def _wording(sentence: Any) -> str:
    """The message with this step's sentence in, other placeholders kept (for the docs)."""
    keep = {"site": "%(site)s", "what": "%(what)s", "place": "%(place)s"}
    return str(MESSAGE) % (keep | {"text": str(sentence)})


wording = lazy(_wording, str)


def followers(event: Announcement) -> list[Recipient]:
    from lianxi.topics.models import Follow

    people = []
    for follow in Follow.objects.filter(case=event.target).select_related("user"):
        if follow.user_id and follow.user is not None:
            people.append(Recipient(user=follow.user, phone=follow.phone or ""))
        elif follow.phone:
            people.append(Recipient(phone=follow.phone))
    return people


def params(event: Announcement) -> dict[str, Any]:
    case = event.target
    return {
        "site": SITE,
        "what": case.category.name if case.category_id and case.category else _("a matter"),
        "place": case.community.name
        if case.community_id and case.community
        else _("no community given"),
    }


RULES = [
    Rule(
        action=action,
        who=_("the case's followers"),
        role=Role.CITIZEN,
        family=Family.FOLLOWS,
        template=wording(sentence),
        params=params,
        recipients=followers,
        url=lambda e: "/topics/following/",
        key=lambda e: f"follow:{e.target.pk}:{e.action}:{e.target.version}",
        when=lambda e: bool(e.get("public")),
    )
    for action, sentence in STEPS.items()
]
