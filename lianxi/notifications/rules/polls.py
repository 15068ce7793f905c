"""Who hears of each step of a poll (lianxi/polls/actions.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule

SITE = "人大代表联络平台"
FAMILY = Family.POLLS


def params(event: Announcement) -> dict[str, Any]:
    poll = event.target
    proposal = event.get("proposal")
    return {
        "site": SITE,
        "title": poll.title,
        "closes": poll.closes_on.isoformat(),
        "reason": event.get("reason") or "",
        "deputy": poll.deputy.name if poll.deputy_id else "",
        "proposal": proposal.title if proposal is not None else "",
    }


def area_staff(event: Announcement) -> list[User]:
    """Committee staff whose jurisdiction holds the poll's area."""
    prefix = event.target.area.prefix
    prefixes = {prefix[:n] for n in range(1, len(prefix) + 1)}
    return list(
        User.objects.filter(
            role=Role.COMMITTEE, is_active=True, jurisdiction__prefix__in=prefixes
        ).order_by("pk")
    )


def asker(event: Announcement) -> list[User]:
    deputy = event.target.deputy
    user = deputy.user if deputy is not None else None
    return [user] if user is not None and user.is_active else []


def creator(event: Announcement) -> list[User]:
    user = event.target.created_by
    return [user] if user is not None and user.is_active else []


def deputies_asked(event: Announcement) -> list[User]:
    poll = event.target
    if poll.audience != "deputies":
        return []
    return list(
        User.objects.filter(
            role=Role.DEPUTY,
            is_active=True,
            deputy__status="serving",
            deputy__constituency__prefix__startswith=poll.area.prefix,
        ).order_by("pk")
    )


def proposal_author(event: Announcement) -> list[User]:
    proposal = event.get("proposal")
    user = proposal.author.user if proposal is not None and proposal.author_id else None
    return [user] if user is not None and user.is_active else []


def _rule(action: str, who: Any, role: str, recipients: Any, template: Any, url: Any) -> Rule:
    return Rule(
        action=action,
        who=who,
        role=role,
        family=FAMILY,
        template=template,
        params=params,
        recipients=recipients,
        url=url,
        key=lambda e: f"{e.action}:{e.target.pk}:{e.target.updated_at.timestamp():.0f}",
    )


def work_url(event: Announcement) -> str:
    return f"/work/polls/{event.target.pk}/"


def public_url(event: Announcement) -> str:
    return f"/polls/{event.target.pk}/"


RULES = [
    _rule(
        "polls.submit",
        _("committee staff of the poll's area"),
        Role.COMMITTEE,
        area_staff,
        _("Deputy %(deputy)s asks you to approve the poll “%(title)s”."),
        work_url,
    ),
    _rule(
        "polls.approve",
        _("the deputy who asks the poll"),
        Role.DEPUTY,
        asker,
        _("Your poll “%(title)s” is approved and open until %(closes)s."),
        work_url,
    ),
    _rule(
        "polls.return",
        _("the deputy who asks the poll"),
        Role.DEPUTY,
        asker,
        _("Your poll “%(title)s” was returned for changes: %(reason)s"),
        work_url,
    ),
    _rule(
        "polls.publish",
        _("serving deputies of the poll's area, when it asks deputies"),
        Role.DEPUTY,
        deputies_asked,
        _("The poll “%(title)s” asks for your view until %(closes)s."),
        public_url,
    ),
    _rule(
        "polls.approve",
        _("serving deputies of the poll's area, when it asks deputies"),
        Role.DEPUTY,
        deputies_asked,
        _("The poll “%(title)s” asks for your view until %(closes)s."),
        public_url,
    ),
    _rule(
        "polls.close_ended",
        _("who built the poll"),
        Role.COMMITTEE,
        creator,
        _("The poll “%(title)s” closed on %(closes)s: its results are ready."),
        work_url,
    ),
    _rule(
        "polls.link_proposal",
        _("the deputy who wrote the suggestion"),
        Role.DEPUTY,
        proposal_author,
        _("The poll “%(title)s” was linked to your suggestion “%(proposal)s” as evidence."),
        work_url,
    ),
]
