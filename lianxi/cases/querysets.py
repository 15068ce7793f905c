"""Who sees which cases (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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
            rule = (
                models.Q(community__in=inside)
                | models.Q(station__in=Station.objects.filter(area__in=inside).values("pk"))
                | models.Q(deputy__in=Deputy.objects.filter(constituency__in=inside).values("pk"))
            )
            # The widest jurisdiction triages what has no place yet (as notifications'
            # committee_for tells it): in the same statement, no query of its own.
            wider = get_user_model().objects.filter(
                role=Role.COMMITTEE, is_active=True, jurisdiction__level__lt=area.level
            )
            rule |= models.Q(community=None, station=None, deputy=None) & ~models.Exists(wider)  # type: ignore[assignment]
            return self.filter(rule).distinct()
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


def template_units(user: Any) -> list[Any]:
    """The units a staff member may share a reply template with: their stations (station
    staff, deputies), their departments (handlers), their jurisdiction (committee staff)."""
    role = getattr(user, "role", "")
    if role == Role.STATION_STAFF:
        return list(Station.objects.filter(staff=user, is_active=True).order_by("name"))
    if role == Role.DEPUTY:
        return list(Station.objects.filter(deputies__user=user, is_active=True).order_by("name"))
    if role == Role.DEPARTMENT:
        return list(user.departments.filter(is_active=True).order_by("name"))
    if role == Role.COMMITTEE and user.jurisdiction_id:
        return [user.jurisdiction]
    return []


class ReplyTemplateQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReplyTemplateQuerySet:
        """The administrators' templates, one's own, and those shared with one's units (a
        deputy also sees those shared within a jurisdiction that holds their constituency)."""
        from lianxi.core.choices import STAFF_ROLES

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role not in STAFF_ROLES:
            return self.none()
        rule = models.Q(owner__isnull=True) | models.Q(owner=user)
        if user.role == Role.STATION_STAFF:
            rule |= models.Q(shared_station__staff=user)
        elif user.role == Role.DEPUTY:
            rule |= models.Q(shared_station__deputies__user=user)
            areas = Area.objects.filter(deputies__user=user).values_list("prefix", flat=True)
            prefixes = {p[:n] for p in areas for n in range(1, len(p) + 1)}
            if prefixes:
                rule |= models.Q(shared_area__prefix__in=prefixes)
        elif user.role == Role.DEPARTMENT:
            rule |= models.Q(shared_department__handlers=user)
        elif user.role == Role.COMMITTEE and user.jurisdiction_id:
            rule |= models.Q(shared_area_id=user.jurisdiction_id)
        return self.filter(pk__in=self.model._default_manager.filter(rule).values("pk"))

    def editable_by(self, user: Any) -> ReplyTemplateQuerySet:
        """One's own templates (administrators: every one)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.all() if user.role == Role.ADMIN else self.filter(owner=user)
