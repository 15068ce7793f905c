"""Who sees which stories, photos and annual reports (architecture.md rule 2).

A story is public once published; before that (and once withdrawn) only committee staff of
its area and administrators see it. Photos follow their story. Annual reports are public
once final; drafts only to the staff of their area."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from lianxi.core.choices import Role


def staff_q(user: Any, field: str = "area") -> Q | None:
    """None: not staff; Q(): everything; else the jurisdiction filter on `field`. Beware:
    `Q() | other` is `other` in Django, so callers test for everything (`not staff`) first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.ADMIN:
        return Q()
    if user.role == Role.COMMITTEE:
        area = user.jurisdiction
        if area is None:
            return Q(pk__in=[])
        return Q(**{f"{field}__prefix__startswith": area.prefix})
    return None


class StoryQuerySet(models.QuerySet):
    def published(self) -> StoryQuerySet:
        return self.filter(status="published")

    def visible_to(self, user: Any) -> StoryQuerySet:
        staff = staff_q(user)
        if staff is None:
            return self.published()
        if not staff:
            return self.all()
        return self.filter(staff | Q(status="published"))

    def managed_by(self, user: Any) -> StoryQuerySet:
        staff = staff_q(user)
        return self.none() if staff is None else self.filter(staff)

    def in_area(self, prefix: str) -> StoryQuerySet:
        """Stories of an area, of the areas within it, and of the areas above it (a
        city-wide story concerns every district)."""
        above = [prefix[:n] for n in range(1, len(prefix) + 1)]
        return self.filter(Q(area__prefix__startswith=prefix) | Q(area__prefix__in=above))


class PhotoQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> PhotoQuerySet:
        staff = staff_q(user, "story__area")
        if staff is None:
            return self.filter(story__status="published")
        if not staff:
            return self.all()
        return self.filter(staff | Q(story__status="published"))


class AnnualReportQuerySet(models.QuerySet):
    def final(self) -> AnnualReportQuerySet:
        return self.filter(status="final")

    def visible_to(self, user: Any) -> AnnualReportQuerySet:
        staff = staff_q(user)
        if staff is None:
            return self.final()
        if not staff:
            return self.all()
        return self.filter(staff | Q(status="final"))

    def managed_by(self, user: Any) -> AnnualReportQuerySet:
        staff = staff_q(user)
        return self.none() if staff is None else self.filter(staff)
