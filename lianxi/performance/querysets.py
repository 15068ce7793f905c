"""Who sees which performance records: the deputy their own, committee staff those of
deputies in their jurisdiction, administrators all; nobody else."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.core.choices import Role


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def record_filter(user: Any, prefix: str = "") -> models.Q | None:
    """The Q of the records `user` sees (None: all), or an empty match."""
    nothing = models.Q(pk__in=[])
    if not _active(user):
        return nothing
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.COMMITTEE:
        if user.jurisdiction_id is None:
            return nothing
        return models.Q(
            **{f"{prefix}deputy__constituency__prefix__startswith": user.jurisdiction.prefix}
        )
    if user.role == Role.DEPUTY:
        return models.Q(**{f"{prefix}deputy__user": user})
    return nothing


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RecordQuerySet:
        q = record_filter(user)
        return self.all() if q is None else self.filter(q)

    def published(self) -> RecordQuerySet:
        return self.filter(published=True, deputy__status="serving")


class LineQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> LineQuerySet:
        q = record_filter(user, "record__")
        return self.all() if q is None else self.filter(q)


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> EntryQuerySet:
        q = record_filter(user, "record__")
        return self.all() if q is None else self.filter(q)


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SchemeQuerySet:
        if _active(user) and user.role in {Role.ADMIN, Role.COMMITTEE, Role.DEPUTY}:
            return self.all()
        return self.none()
