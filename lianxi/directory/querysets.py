"""Visibility lives here (architecture.md rule 2): `public()` is what anyone may see,
`visible_to(user)` the full records a signed-in user may work with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from lianxi.core.choices import Role

if TYPE_CHECKING:
    from lianxi.accounts.models import User


def _jurisdiction_prefix(user: Any) -> str | None:
    area = getattr(user, "jurisdiction", None)
    return area.prefix if area is not None else None


class AreaQuerySet(models.QuerySet):
    def within(self, prefix: str) -> AreaQuerySet:
        return self.filter(prefix__startswith=prefix)

    def communities(self) -> AreaQuerySet:
        return self.filter(level=5)


class DeputyQuerySet(models.QuerySet):
    def public(self) -> DeputyQuerySet:
        return self.filter(status="serving")

    def visible_to(self, user: User) -> DeputyQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            prefix = _jurisdiction_prefix(user)
            return self.filter(constituency__prefix__startswith=prefix) if prefix else self.none()
        if user.role == Role.STATION_STAFF:
            return self.filter(stations__staff=user).distinct()
        if user.role == Role.DEPUTY:
            return self.filter(user=user)
        return self.none()


class StationQuerySet(models.QuerySet):
    def public(self) -> StationQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user: User) -> StationQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            prefix = _jurisdiction_prefix(user)
            return self.filter(area__prefix__startswith=prefix) if prefix else self.none()
        if user.role == Role.STATION_STAFF:
            return self.filter(staff=user)
        if user.role == Role.DEPUTY:
            return self.filter(deputies__user=user).distinct()
        return self.none()


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> DepartmentQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            prefix = _jurisdiction_prefix(user)
            if not prefix:
                return self.none()
            # City-wide departments serve every district inside the jurisdiction too.
            return self.filter(
                models.Q(area__prefix__startswith=prefix)
                | models.Q(area__prefix__in=[prefix[:n] for n in (2, 4, 6, 9) if n < len(prefix)])
            )
        if user.role == Role.DEPARTMENT:
            return self.filter(handlers=user)
        return self.none()
