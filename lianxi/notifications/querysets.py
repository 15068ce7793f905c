"""Who sees which notifications (architecture.md rule 2): each person only their own in-app
rows. Counting a person's unread rows is one indexed COUNT (index `notif_unread`)."""

from __future__ import annotations

from typing import Any

from django.db import models


class OutboxQuerySet(models.QuerySet):
    def inbox(self, user: Any) -> OutboxQuerySet:
        """The in-app notifications of `user`; nobody else's, nothing for the anonymous."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user, channel="inapp")

    def unread(self) -> OutboxQuerySet:
        return self.filter(read_at__isnull=True)

    def unread_first(self) -> OutboxQuerySet:
        """Unread first, then newest."""
        unread = models.ExpressionWrapper(
            models.Q(read_at__isnull=True), output_field=models.BooleanField()
        )
        return self.alias(is_unread=unread).order_by("-is_unread", "-id")
