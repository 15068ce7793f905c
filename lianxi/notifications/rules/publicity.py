"""Who hears of each step of a success story (lianxi/publicity/actions.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule

FAMILY = Family.COMMITTEE


def params(event: Announcement) -> dict[str, Any]:
    return {"title": event.target.title, "reason": event.get("reason") or ""}


def reviewer(event: Announcement) -> list[User]:
    person = event.target.reviewer
    return [person] if person is not None and person.is_active else []


def author(event: Announcement) -> list[User]:
    person = event.target.author
    if person is None or not person.is_active or person.pk == getattr(event.actor, "pk", None):
        return []
    return [person]


def deputies_involved(event: Announcement) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role=Role.DEPUTY, deputy__in=event.target.deputies.all()
        ).order_by("pk")
    )


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
        key=lambda e: f"{e.action}:{e.target.pk}:{e.target.version}",
    )


RULES = [
    _rule(
        "publicity.submit",
        _("the reviewer the author chose"),
        Role.COMMITTEE,
        reviewer,
        _("The success story “%(title)s” waits for your review: publish it or return it."),
        lambda e: f"/work/publicity/{e.target.pk}/",
    ),
    _rule(
        "publicity.return",
        _("the story's author"),
        Role.COMMITTEE,
        author,
        _("Your success story “%(title)s” was returned: %(reason)s"),
        lambda e: f"/work/publicity/{e.target.pk}/",
    ),
    _rule(
        "publicity.publish",
        _("the story's author"),
        Role.COMMITTEE,
        author,
        _("Your success story “%(title)s” has been reviewed and published."),
        lambda e: f"/stories/{e.target.pk}/",
    ),
    _rule(
        "publicity.publish",
        _("the deputies the story names"),
        Role.DEPUTY,
        deputies_involved,
        _("A success story about your work has been published: “%(title)s”."),
        lambda e: f"/stories/{e.target.pk}/",
    ),
]
