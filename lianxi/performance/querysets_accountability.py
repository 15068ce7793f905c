"""Who sees commendations, talks and flags. Published commendations are public (their
citations show on the deputies' pages); drafts, like talks and flags, stay with committee
staff of the jurisdiction, and a deputy sees their own talks, never another's."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.core.choices import Role
from lianxi.performance.querysets import record_filter


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class CommendationQuerySet(models.QuerySet):
    def published(self) -> CommendationQuerySet:
        return self.filter(status="published")

    def visible_to(self, user: Any) -> CommendationQuerySet:
        """Staff: the commendations of their jurisdiction or of an area within it (drafts
        too); everyone else: the published ones."""
        if _active(user) and user.role == Role.ADMIN:
            return self.all()
        if _active(user) and user.role == Role.COMMITTEE and user.jurisdiction_id:
            prefix = user.jurisdiction.prefix
            return self.filter(
                models.Q(area__prefix__startswith=prefix) | models.Q(status="published")
            )
        return self.published()

    def managed_by(self, user: Any) -> CommendationQuerySet:
        """The ones `user` may open and act on (drafts included)."""
        if not _active(user):
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE and user.jurisdiction_id:
            return self.filter(area__prefix__startswith=user.jurisdiction.prefix)
        return self.none()


class TalkQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> TalkQuerySet:
        q = record_filter(user)
        return self.all() if q is None else self.filter(q)


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> FlagQuerySet:
        """Committee staff of the jurisdiction and administrators only: a flag is the
        committee's, not shown to the deputy as such."""
        if not _active(user) or user.role not in {Role.ADMIN, Role.COMMITTEE}:
            return self.none()
        q = record_filter(user, "record__")
        return self.all() if q is None else self.filter(q)
