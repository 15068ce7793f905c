"""Who sees which consultations, contact points and comments (architecture.md rule 2).

A consultation is public once published; while being prepared only committee staff of its
area (and administrators) see it. Comments: staff of the consultation's area see all; a
contact point's staff those of their contact points; anyone else their own, and, once the
feedback is published, the comments shown in it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lianxi.core.choices import Role


def _staff_q(user: Any, field: str = "area") -> Q | None:
    """None: not staff; Q(): everything; else the jurisdiction filter on `field`."""
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


class ConsultationQuerySet(models.QuerySet):
    def published(self) -> ConsultationQuerySet:
        return self.exclude(stage="draft")

    def visible_to(self, user: Any) -> ConsultationQuerySet:
        staff = _staff_q(user)
        if staff is None:
            return self.published()
        if not staff:  # an administrator: `Q() | other` would be `other` alone
            return self.all()
        return self.filter(staff | ~Q(stage="draft"))

    def open_to_contact_points(self, points: list[Any]) -> ConsultationQuerySet:
        """Open consultations that invite these contact points (organised in an area that
        holds one of them)."""
        prefixes = {p.area.prefix[:n] for p in points for n in range(1, len(p.area.prefix) + 1)}
        return self.filter(stage="open", for_contact_points=True, area__prefix__in=prefixes)

    def for_deputy(self, deputy: Any) -> ConsultationQuerySet:
        """Consultations that invite this deputy (organised in an area holding their
        constituency) and are open now."""
        if deputy is None:
            return self.none()
        prefix = deputy.constituency.prefix
        prefixes = {prefix[:n] for n in range(1, len(prefix) + 1)}
        today = timezone.localdate()
        return self.filter(
            stage="open",
            for_deputies=True,
            area__prefix__in=prefixes,
            opens_on__lte=today,
            closes_on__gte=today,
        )

    def managed_by(self, user: Any) -> ConsultationQuerySet:
        staff = _staff_q(user)
        return self.none() if staff is None else self.filter(staff)


class ContactPointQuerySet(models.QuerySet):
    def run_by(self, user: Any) -> ContactPointQuerySet:
        """The contact points whose station the user staffs."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role != Role.STATION_STAFF:
            return self.none()
        return self.filter(station__staff=user, is_active=True)

    def visible_to(self, user: Any) -> ContactPointQuerySet:
        staff = _staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.run_by(user)


class CommentQuerySet(models.QuerySet):
    def shown(self) -> CommentQuerySet:
        return self.filter(visibility="shown")

    def in_feedback(self) -> CommentQuerySet:
        """Comments the public feedback report shows (its consultation has reported)."""
        return self.shown().filter(consultation__stage="reported")

    def visible_to(self, user: Any) -> CommentQuerySet:
        staff = _staff_q(user, "consultation__area")
        if staff is not None:
            return self.filter(staff)
        mine = Q(pk__in=[])
        if getattr(user, "is_authenticated", False) and user.is_active:
            mine = Q(author=user)
            if user.role == Role.STATION_STAFF:
                mine |= Q(contact_point__station__staff=user)
        return self.filter(mine | Q(visibility="shown", consultation__stage="reported")).distinct()
