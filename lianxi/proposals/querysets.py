"""Who sees which suggestions and bills."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxi.core.choices import Role


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProposalQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE:
            if user.jurisdiction_id is None:
                return self.none()
            return self.filter(area__prefix__startswith=user.jurisdiction.prefix).exclude(
                status="draft"
            )
        if user.role == Role.DEPUTY:
            own = models.Q(author__user=user)
            invited = models.Q(cosigners__deputy__user=user)
            return self.filter(own | invited).distinct()
        if user.role == Role.DEPARTMENT:
            lead = models.Q(lead__handlers=user)
            co = models.Q(co_units__handlers=user)
            return (
                self.filter(lead | co)
                .filter(status__in=["assigned", "return_asked", "replied", "closed"])
                .distinct()
            )
        return self.none()

    def published(self) -> ProposalQuerySet:
        return self.filter(status__in=["replied", "closed"], confidential=False)
