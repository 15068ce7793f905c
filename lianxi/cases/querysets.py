"""Who sees which cases (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.core.choices import Role
from lianxi.directory.models import Area, Deputy, Station


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CaseQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        role = user.role
        if role == Role.ADMIN:
            return self.all()
        if role == Role.COMMITTEE:
            area = user.jurisdiction
            if area is None:
                return self.none()
            # Subqueries rather than joins: the database hashes each id list once, so testing
            # one case (search tests hundreds) is a probe, not five index lookups.
            inside = Area.objects.filter(prefix__startswith=area.prefix).values("pk")
            return self.filter(
                models.Q(community__in=inside)
                | models.Q(station__in=Station.objects.filter(area__in=inside).values("pk"))
                | models.Q(deputy__in=Deputy.objects.filter(constituency__in=inside).values("pk"))
            ).distinct()
        if role == Role.DEPUTY:
            return self.filter(deputy__user=user)
        if role == Role.STATION_STAFF:
            return self.filter(station__staff=user).distinct()
        if role == Role.DEPARTMENT:
            # One filter() call: both conditions hold for the same referral.
            return self.filter(
                referrals__department__handlers=user,
                referrals__status__in=["pending", "accepted", "returned", "answered"],
            ).distinct()
        if role == Role.CITIZEN:
            return self.filter(citizen=user)
        return self.none()

    def published(self) -> CaseQuerySet:
        return self.filter(is_published=True)

    def open(self) -> CaseQuerySet:
        from lianxi.cases.workflow import OPEN_STATES

        return self.filter(status__in=OPEN_STATES)
