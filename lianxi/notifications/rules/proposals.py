"""Who hears of each step of a deputy's suggestion or bill (lianxi/proposals/actions.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.recipients import citizen_of, committee_for, handlers_of
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient

SITE = "人大代表联络平台"
FAMILY = Family.LEGISLATION


def params(event: Announcement) -> dict[str, Any]:
    item = event.target
    return {
        "site": SITE,
        "title": item.title,
        "deputy": item.author.name,
        "dept": item.lead.name if item.lead_id else "",
        "due": item.due_date or "",
        "reason": item.review_reason or item.return_reason,
        "result": item.get_result_display() if item.result else "",
        "unit": event["unit"].name if event.get("unit") else "",
        "into": event["into"].title if event.get("into") else "",
        "note": event.get("note", ""),
        "version": item.version,
    }


def work_url(event: Announcement) -> str:
    return f"/work/proposals/{event.target.pk}/"


def key(event: Announcement) -> str:
    item = event.target
    return f"{event.action}:{item.pk}:{item.status}:{int(item.rehandled)}"


def author(event: Announcement) -> list[Any]:
    user = event.target.author.user
    return [user] if user is not None else []


def invited(event: Announcement) -> list[Any]:
    return [d.user for d in event["deputies"] if d.user_id]


def committee(event: Announcement) -> list[Any]:
    return committee_for(event.target.area)


def units(event: Announcement) -> list[Any]:
    return handlers_of([event["lead"], *event.get("co", [])])


def lead(event: Announcement) -> list[Any]:
    return handlers_of([event.target.lead]) if event.target.lead_id else []


def citizens(event: Announcement) -> list[Recipient]:
    """Every citizen whose case is behind the item (B4), once each."""
    seen: set[Any] = set()
    people: list[Recipient] = []
    for case in event.target.cases.select_related("citizen"):
        for person in citizen_of(case):
            mark = person.user.pk if person.user is not None else person.phone
            if mark not in seen:
                seen.add(mark)
                people.append(person)
    return people


def rule(action: str, who: Any, role: str, recipients: Any, template: Any, **extra: Any) -> Rule:
    return Rule(
        action=action,
        who=who,
        role=role,
        family=FAMILY,
        template=template,
        params=params,
        recipients=recipients,
        url=extra.pop("url", work_url),
        key=extra.pop("key", key),
        **extra,
    )


def opinion_key(event: Announcement) -> str:
    """Told again when the unit changes its opinion's words, not when it sends them twice."""
    opinion = event["opinion"]
    digest = hashlib.sha256(opinion.text.encode()).hexdigest()[:16]
    return f"{event.action}:{opinion.pk}:{digest}"


def version_key(event: Announcement) -> str:
    return f"{event.action}:{event.target.pk}:{event.target.version}"


def handling_units(event: Announcement) -> list[Any]:
    item = event.target
    return handlers_of([item.lead, *item.co_units.all()]) if item.lead_id else []


def chase_key(event: Announcement) -> str:
    return f"{event.action}:{event.target.pk}:{event['day']}"


RULES = [
    rule(
        "proposals.invite",
        _("the deputies invited to co-sign"),
        Role.DEPUTY,
        invited,
        _("Deputy %(deputy)s invites you to co-sign the bill “%(title)s”: confirm or decline."),
        url=lambda e: "/work/proposals/",
    ),
    rule(
        "proposals.file",
        _("committee staff of the deputy's area"),
        Role.COMMITTEE,
        committee,
        _("Deputy %(deputy)s filed “%(title)s”: review it."),
    ),
    rule(
        "proposals.review",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("Your “%(title)s” is accepted."),
        when=lambda e: e["decision"] == "accept",
    ),
    rule(
        "proposals.review",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("Your bill “%(title)s” is turned into a suggestion: %(reason)s"),
        when=lambda e: e["decision"] == "convert",
    ),
    rule(
        "proposals.review",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("Your “%(title)s” is not accepted: %(reason)s"),
        when=lambda e: e["decision"] == "decline",
    ),
    rule(
        "proposals.correct",
        _("committee staff of the deputy's area"),
        Role.COMMITTEE,
        committee,
        _("Deputy %(deputy)s corrected “%(title)s” (version %(version)s): %(note)s"),
        key=version_key,
    ),
    rule(
        "proposals.correct",
        _("the handlers of the lead and co-handling units"),
        Role.DEPARTMENT,
        handling_units,
        _("Deputy %(deputy)s corrected “%(title)s” (version %(version)s): %(note)s"),
        key=version_key,
    ),
    rule(
        "proposals.merge",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("Your “%(title)s” is merged with “%(into)s”, which is handled for both: %(reason)s"),
    ),
    rule(
        "proposals.unmerge",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("The merge of your “%(title)s” is undone; it is reviewed on its own: %(reason)s"),
    ),
    rule(
        "proposals.assign",
        _("the handlers of the lead and co-handling units"),
        Role.DEPARTMENT,
        units,
        _(
            "The deputy's suggestion “%(title)s” is assigned to your unit, reply due by "
            "%(due)s; contact the deputy first."
        ),
    ),
    rule(
        "proposals.co_opinion",
        _("the handlers of the lead unit"),
        Role.DEPARTMENT,
        lead,
        _("%(unit)s gave its co-handling opinion on “%(title)s”."),
        key=opinion_key,
    ),
    rule(
        "proposals.ask_return",
        _("committee staff of the deputy's area"),
        Role.COMMITTEE,
        committee,
        _("%(dept)s asks to return “%(title)s”: %(reason)s"),
    ),
    rule(
        "proposals.reply",
        _("the deputy who filed it"),
        Role.DEPUTY,
        author,
        _("%(dept)s replied to “%(title)s” (%(result)s): please rate the reply."),
    ),
    rule(
        "proposals.reply",
        _("the citizens whose cases are behind it"),
        Role.CITIZEN,
        citizens,
        _(
            "[%(site)s] What you raised became deputy %(deputy)s's suggestion “%(title)s”; "
            "%(dept)s answered: %(result)s."
        ),
        url=lambda e: "/cases/mine/",
    ),
    rule(
        "proposals.rate",
        _("the handlers of the lead unit"),
        Role.DEPARTMENT,
        lead,
        _("The deputy is not satisfied with the reply to “%(title)s”: handle it again by %(due)s."),
        when=lambda e: e["rehandle"],
    ),
    Rule(
        action="proposals.chase",
        who=_("the handlers of the lead unit"),
        role=Role.DEPARTMENT,
        family=FAMILY,
        template=_(
            "The reply to the deputy's suggestion “%(title)s” was due by %(due)s: reply now."
        ),
        params=params,
        recipients=lead,
        url=work_url,
        key=chase_key,
    ),
    Rule(
        action="proposals.chase",
        who=_("committee staff of the deputy's area"),
        role=Role.COMMITTEE,
        family=FAMILY,
        template=_(
            "%(dept)s is late with the reply to “%(title)s” (due by %(due)s): supervise it."
        ),
        params=params,
        recipients=committee,
        url=work_url,
        key=chase_key,
        when=lambda e: e["escalate"],
    ),
]
