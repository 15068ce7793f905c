from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lianxi.core.choices import Role


class DeletionRequestQuerySet(QuerySet[Any]):
    def visible_to(self, user: Any) -> QuerySet[Any]:
        """Administrators: all. Committee staff: citizens living in their jurisdiction, and
        citizens who gave no community. A citizen: their own."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.COMMITTEE and user.jurisdiction_id:
            return self.filter(
                Q(citizen__home_community__isnull=True)
                | Q(citizen__home_community__prefix__startswith=user.jurisdiction.prefix)
            )
        if user.role == Role.CITIZEN:
            return self.filter(citizen=user)
        return self.none()
