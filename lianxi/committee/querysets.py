"""Who sees which notices, materials, courses and activities (architecture.md rule 2).

Committee staff see what was organised within their jurisdiction; administrators everything;
a deputy only what is addressed to them (an audience that reaches them now, or an invitation);
everyone else nothing."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lianxi.core.choices import Role


def deputy_of(user: Any) -> Any:
    """The deputy record of a signed-in deputy, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.DEPUTY:
        return None
    from lianxi.directory.models import Deputy

    return Deputy.objects.select_related("constituency").filter(user=user).first()


def _staff_q(user: Any) -> Q | None:
    """None: not staff; Q(): everything; else the jurisdiction filter on `area`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.ADMIN:
        return Q()
    if user.role == Role.COMMITTEE:
        area = user.jurisdiction
        return Q(area__prefix__startswith=area.prefix) if area is not None else Q(pk__in=[])
    return None


class NoticeQuerySet(models.QuerySet):
    def open(self) -> NoticeQuerySet:
        now = timezone.now()
        return self.filter(status="published").filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def for_deputy(self, deputy: Any) -> NoticeQuerySet:
        """Published notices whose audience reaches the deputy now; once a notice closes,
        only deputies who were on the rolls before it closed keep it."""
        from lianxi.committee.models.audience import audience_ids_for

        if deputy is None:
            return self.none()
        return self.filter(status="published", audience_id__in=audience_ids_for(deputy)).filter(
            Q(closes_at__isnull=True)
            | Q(closes_at__gt=timezone.now())
            | Q(closes_at__gte=deputy.created_at)
        )

    def visible_to(self, user: Any) -> NoticeQuerySet:
        staff = _staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.for_deputy(deputy_of(user))


class MaterialQuerySet(models.QuerySet):
    def for_deputy(self, deputy: Any) -> MaterialQuerySet:
        from lianxi.committee.models.audience import audience_ids_for

        if deputy is None:
            return self.none()
        return self.filter(status="published", audience_id__in=audience_ids_for(deputy))

    def visible_to(self, user: Any) -> MaterialQuerySet:
        staff = _staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.for_deputy(deputy_of(user))


class CourseQuerySet(models.QuerySet):
    def for_deputy(self, deputy: Any) -> CourseQuerySet:
        from lianxi.committee.models.audience import audience_ids_for

        if deputy is None:
            return self.none()
        return self.filter(
            Q(status="open", audience_id__in=audience_ids_for(deputy))
            | Q(enrollments__deputy=deputy)
        ).distinct()

    def visible_to(self, user: Any) -> CourseQuerySet:
        staff = _staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.for_deputy(deputy_of(user))


class ActivityQuerySet(models.QuerySet):
    def for_deputy(self, deputy: Any) -> ActivityQuerySet:
        if deputy is None:
            return self.none()
        return self.filter(invitations__deputy=deputy).exclude(status="draft").distinct()

    def awaiting_replies(self) -> ActivityQuerySet:
        """Open activities with an invitation no deputy has answered yet."""
        from lianxi.committee.models import Invitation

        waiting = Invitation.objects.filter(status="invited").values("activity_id")
        return self.filter(pk__in=waiting, status="open")

    def visible_to(self, user: Any) -> ActivityQuerySet:
        staff = _staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.for_deputy(deputy_of(user))
