"""Who sees which polls and responses (architecture.md rule 2).

A poll is public once open (or closed), except one asking deputies, which deputies and staff
see. While being prepared or waiting for approval, committee staff of its area (and
administrators) see it, and the deputy who asks it. Responses: staff of the poll's area see
all; anyone else their own."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from lianxi.core.choices import Role

SHOWN = ("open", "closed")


def staff_q(user: Any, field: str = "area") -> Q | None:
    """None: not staff; Q(): everything; else the jurisdiction filter on `field`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role == Role.ADMIN:
        return Q()
    if user.role == Role.COMMITTEE:
        area = user.jurisdiction
        if area is None:
            return Q(pk__in=[])
        return Q(**{f"{field}__prefix__startswith": area.prefix})
    return None


def _is_deputy(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.DEPUTY
    )


class PollQuerySet(models.QuerySet):
    def shown(self) -> PollQuerySet:
        return self.filter(status__in=SHOWN)

    def public(self) -> PollQuerySet:
        """What anyone may see: open and closed polls not limited to deputies."""
        return self.shown().exclude(audience="deputies")

    def visible_to(self, user: Any) -> PollQuerySet:
        staff = staff_q(user)
        if staff is not None:
            # Q() | Q(…) would be the second alone: an administrator's Q() sees everything.
            return self.all() if staff == Q() else self.filter(staff | Q(status__in=SHOWN))
        if _is_deputy(user):
            return self.filter(Q(status__in=SHOWN) | Q(deputy__user=user))
        return self.public()

    def managed_by(self, user: Any) -> PollQuerySet:
        staff = staff_q(user)
        return self.none() if staff is None else self.filter(staff)

    def asked_by(self, user: Any) -> PollQuerySet:
        """The polls a deputy asks (their own, whatever the state)."""
        if not _is_deputy(user):
            return self.none()
        return self.filter(deputy__user=user)

    def worked_by(self, user: Any) -> PollQuerySet:
        """The polls on the user's work list: managed by staff, asked by a deputy."""
        staff = staff_q(user)
        if staff is not None:
            return self.filter(staff)
        return self.asked_by(user)


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ResponseQuerySet:
        staff = staff_q(user, "poll__area")
        if staff is not None:
            return self.filter(staff)
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self.filter(user=user)
        return self.none()
