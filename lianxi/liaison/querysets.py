"""Who sees which shifts and visits (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.core.choices import Role


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class ShiftQuerySet(models.QuerySet):
    def public(self) -> ShiftQuerySet:
        return self.filter(station__is_active=True)

    def visible_to(self, user: Any) -> ShiftQuerySet:
        """Shifts a signed-in user works with: staff their stations', deputies their own."""
        if not _active(user):
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            area = user.jurisdiction
            return (
                self.filter(station__area__prefix__startswith=area.prefix) if area else self.none()
            )
        if user.role == Role.STATION_STAFF:
            return self.filter(station__staff=user).distinct()
        if user.role == Role.DEPUTY:
            return self.filter(duties__deputy__user=user).distinct()
        return self.none()


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> VisitQuerySet:
        if not _active(user):
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            area = user.jurisdiction
            if area is None:
                return self.none()
            return self.filter(deputies__constituency__prefix__startswith=area.prefix).distinct()
        if user.role == Role.DEPUTY:
            return self.filter(deputies__user=user).distinct()
        if user.role == Role.STATION_STAFF:
            return self.filter(deputies__stations__staff=user).distinct()
        return self.none()
