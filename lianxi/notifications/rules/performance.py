"""Who hears of deputies' own performance entries (lianxi/performance/actions.py): staff of
the deputy's jurisdiction when one waits for review, the deputy when it is decided."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.recipients import committee_for
from lianxi.notifications.rules import Rule


def params(event: Announcement) -> dict[str, Any]:
    entry = event.target
    return {
        "name": entry.record.deputy.name,
        "title": entry.title,
        "year": entry.record.year,
        "reason": event.get("reason", ""),
    }


def key(event: Announcement) -> str:
    return f"{event.action}:{event.target.pk}"


def staff(event: Announcement) -> list[Any]:
    return committee_for(event.target.record.deputy.constituency)


def the_deputy(event: Announcement) -> list[Any]:
    user = event.target.record.deputy.user
    return [user] if user is not None else []


def url(event: Announcement) -> str:
    return f"/work/performance/{event.target.record_id}/#entry-{event.target.pk}"


RULES = [
    Rule(
        action="performance.submit_entry",
        who=_("committee staff of the deputy's jurisdiction"),
        role=Role.COMMITTEE,
        family=Family.PERFORMANCE,
        template=_("%(name)s added to their %(year)s record for review: %(title)s"),
        params=params,
        recipients=staff,
        url=url,
        key=key,
    ),
    Rule(
        action="performance.approve_entry",
        who=_("the deputy"),
        role=Role.DEPUTY,
        family=Family.PERFORMANCE,
        template=_("Your entry “%(title)s” was approved and counts in your %(year)s record."),
        params=params,
        recipients=the_deputy,
        url=url,
        key=key,
    ),
    Rule(
        action="performance.reject_entry",
        who=_("the deputy"),
        role=Role.DEPUTY,
        family=Family.PERFORMANCE,
        template=_("Your entry “%(title)s” was rejected: %(reason)s"),
        params=params,
        recipients=the_deputy,
        url=url,
        key=key,
    ),
]
