"""Who may do what with stories and annual reports."""

from __future__ import annotations

from typing import Any

from lianxi.committee.policies import can_manage as committee_can_manage
from lianxi.committee.policies import is_committee_staff


def is_publicity_staff(user: Any) -> bool:
    """Committee staff with a jurisdiction (the publicity office) and administrators."""
    return is_committee_staff(user)


def can_manage(user: Any, obj: Any) -> bool:
    """Staff may write and change stories and reports of an area within their jurisdiction."""
    return committee_can_manage(user, obj)


def can_review(user: Any, story: Any) -> bool:
    """Staff of the story's area other than its author: the review is a second pair of eyes."""
    return can_manage(user, story) and story.author_id != user.pk


def reviewers_for(story: Any) -> Any:
    """Who may be asked to review: active committee staff whose jurisdiction holds the story's
    area, and administrators, other than the author."""
    from django.db.models import Q

    from lianxi.accounts.models import User
    from lianxi.core.choices import Role

    prefixes = [story.area.prefix[:n] for n in range(1, len(story.area.prefix) + 1)]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.ADMIN) | Q(role=Role.COMMITTEE, jurisdiction__prefix__in=prefixes))
        .exclude(pk=story.author_id)
        .order_by("role", "pk")
    )
