"""The named work queues of the case lists (`?view=` tabs) and the homes' counts: one
definition each, so a count on a home is exactly what its link lists. A queue is a Q over
cases already limited by `visible_to(user)`; some depend on the role ("overdue" for a
department means overdue while the case is in its hands)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual

from lianxi.cases.choices import Channel, Status
from lianxi.cases.deadlines import SUPERVISED, applicable_due
from lianxi.cases.models import Case, RatingAppeal
from lianxi.cases.workflow import OPEN_STATES
from lianxi.core.choices import Role

SOON_DAYS = 3
DEPARTMENT_TURN = frozenset({Status.REFERRED, Status.IN_PROGRESS})
WALK_IN_CHANNELS = (Channel.STATION, Channel.DEPUTY)


def turn(role: str) -> frozenset[str]:
    """The states in which a case waits on someone of `role` (its due date then applies)."""
    return DEPARTMENT_TURN if role == Role.DEPARTMENT else OPEN_STATES


def escalated() -> Q:
    """Escalated to committee staff (督办) and still waiting on its deputy or department."""
    return Q(escalated_at__isnull=False, status__in=SUPERVISED)


def due(role: str) -> Any:
    """The due date that counts for `role`: a department's own referral's; for everyone else
    the deadline that applies now (the deputy's until the lead department signs for it), else
    the case's answer due."""
    return F("due_date") if role == Role.DEPARTMENT else Coalesce(applicable_due(), "due_date")


def queue(name: str, role: str, today: date) -> Q:
    """The filter of queue `name` for someone of `role`; unknown names filter nothing."""
    states = turn(role)
    if name == "soon":
        soon = today + timedelta(SOON_DAYS)
        return Q(
            GreaterThanOrEqual(due(role), today),
            LessThanOrEqual(due(role), soon),
            status__in=states,
        )
    if name == "overdue":
        return Q(LessThan(due(role), today), status__in=states)
    if name == "inbox":
        return Q(status__in=OPEN_STATES)
    if name == "walkin":
        return Q(status__in=OPEN_STATES, channel__in=WALK_IN_CHANNELS)
    if name == "escalated":
        return escalated()
    if name == "publish":  # consented, closed, neither published nor held
        return Q(
            status=Status.CLOSED,
            consent_to_publish=True,
            is_published=False,
            publication_held_at__isnull=True,
        )
    if name == "appeals":  # a department's appeal of a rating waits for committee staff
        return Q(Exists(RatingAppeal.objects.filter(case=OuterRef("pk"), status="pending")))
    if name == "held":
        return Q(is_published=False, publication_held_at__isnull=False)
    by_status = {
        "triage": Status.SUBMITTED,
        "returned": Status.RETURNED,
        "new": Status.ASSIGNED,
        "report": Status.ANSWERED,
        "pending": Status.REFERRED,
        "working": Status.IN_PROGRESS,
        "rating": Status.REPORTED,
    }
    if name in by_status:
        return Q(status=by_status[name])
    return Q()


def counts(user: Any, names: list[str], today: date) -> dict[str, int]:
    """How many of the user's visible cases each queue holds: one query for all of them."""
    visible = Case.objects.filter(pk__in=Case.objects.visible_to(user).values("pk"))
    found = visible.aggregate(
        **{name: Count("pk", filter=queue(name, user.role, today)) for name in names}
    )
    return {name: int(found[name] or 0) for name in names}
