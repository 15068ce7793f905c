"""Who hears of each step of a consultation on a draft law (lianxi/legislation/actions/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule

SITE = "人大代表联络平台"
FAMILY = Family.LEGISLATION


def params(event: Announcement) -> dict[str, Any]:
    target = event.target
    consultation = getattr(target, "consultation", target)
    return {
        "site": SITE,
        "title": consultation.title,
        "closes": consultation.closes_on.isoformat(),
        "reason": event.get("reason") or "",
        "waiting": event.get("waiting") or 0,
    }


def public_url(event: Announcement) -> str:
    target = event.target
    return f"/legislation/{getattr(target, 'consultation_id', target.pk)}/"


def deputies_invited(event: Announcement) -> list[User]:
    consultation = event.target
    if not consultation.for_deputies:
        return []
    return list(
        User.objects.filter(
            role=Role.DEPUTY,
            is_active=True,
            deputy__status="serving",
            deputy__constituency__prefix__startswith=consultation.area.prefix,
        ).order_by("pk")
    )


def contact_point_staff(event: Announcement) -> list[User]:
    consultation = event.target
    if not consultation.for_contact_points:
        return []
    return list(
        User.objects.filter(
            role=Role.STATION_STAFF,
            is_active=True,
            stations__contact_points__is_active=True,
            stations__contact_points__area__prefix__startswith=consultation.area.prefix,
        )
        .distinct()
        .order_by("pk")
    )


def its_staff(event: Announcement) -> list[User]:
    """Who made the consultation; the staff who manage it see it in their list too."""
    creator = event.target.created_by
    return [creator] if creator is not None and creator.is_active else []


def author_of(event: Announcement) -> list[User]:
    author = event.target.author
    return [author] if author is not None and author.is_active else []


def commenters(event: Announcement) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, pk__in=event.target.comments.exclude(author=None).values("author_id")
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
        key=lambda e: f"{e.action}:{e.target.pk}",
    )


RULES = [
    _rule(
        "legislation.publish",
        _("serving deputies of the consultation's area"),
        Role.DEPUTY,
        deputies_invited,
        _("The draft “%(title)s” is open for comment until %(closes)s: your opinion is invited."),
        public_url,
    ),
    _rule(
        "legislation.publish",
        _("staff of the contact points in the consultation's area"),
        Role.STATION_STAFF,
        contact_point_staff,
        _(
            "The draft “%(title)s” is open for comment until %(closes)s: collect opinions and "
            "enter them for your contact point."
        ),
        lambda e: f"/work/legislation/{e.target.pk}/offline/",
    ),
    _rule(
        "legislation.close_ended",
        _("the staff member who made the consultation"),
        Role.COMMITTEE,
        its_staff,
        _(
            "The comment period on “%(title)s” ended on %(closes)s and it is closed: "
            "%(waiting)s comments wait for their disposition."
        ),
        lambda e: f"/work/legislation/{e.target.pk}/comments/?show=waiting",
    ),
    _rule(
        "legislation.hide",
        _("the comment's author"),
        Role.CITIZEN,
        author_of,
        _("[%(site)s] Your comment on the draft “%(title)s” was hidden: %(reason)s"),
        lambda e: f"/legislation/{e.target.consultation_id}/mine/",
    ),
    _rule(
        "legislation.report",
        _("everyone who commented with an account"),
        Role.CITIZEN,
        commenters,
        _(
            "[%(site)s] Your comments on the draft “%(title)s” have an answer: see how each "
            "was disposed of."
        ),
        lambda e: f"/legislation/{e.target.pk}/mine/",
    ),
]
