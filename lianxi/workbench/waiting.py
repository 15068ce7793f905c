"""What waits for each role, with counts (issue 22's homes): each tile counts exactly what
its link lists (the case queues of lianxi/cases/queues.py, read through `visible_to`), in one
query per kind of work, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxi.cases import queues
from lianxi.committee.models import Activity
from lianxi.core.choices import Role
from lianxi.liaison.choices import BookingStatus, ShiftStatus
from lianxi.liaison.models import Shift
from lianxi.notifications.context_processors import unread_count
from lianxi.retention.models import DeletionRequest, RequestStatus


@dataclass(frozen=True)
class Tile:
    label: Any
    count: int
    url: str
    urgent: bool = False  # red when there is anything (overdue, escalated)


@dataclass
class Waiting:
    tiles: list[Tile] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)  # station staff: today's and tomorrow's
    bookings: int = 0
    title: Any = field(default_factory=lambda: _("Waiting for you"))


def _case_tiles(user: Any, spec: list[tuple[str, Any, bool]]) -> list[Tile]:
    """One tile per (queue, label, urgent), counted in one query, linking to its list tab."""
    found = queues.counts(user, [name for name, _l, _u in spec], timezone.localdate())
    base = reverse("casework:list")
    return [Tile(label, found[name], f"{base}?view={name}", urgent) for name, label, urgent in spec]


DEPUTY = [
    ("new", _("New cases to handle"), False),
    ("report", _("Answers to report back"), False),
    ("soon", _("Due within 3 days"), False),
    ("overdue", _("Overdue"), True),
]
DEPARTMENT = [
    ("pending", _("Waiting to be signed for"), False),
    ("working", _("Being handled"), False),
    ("soon", _("Due within 3 days"), False),
    ("overdue", _("Overdue"), True),
]
COMMITTEE = [
    ("triage", _("Waiting for triage"), False),
    ("returned", _("Returned by departments"), False),
    ("escalated", _("Escalated (督办)"), True),
    ("overdue", _("Overdue"), True),
    ("publish", _("Waiting for publication"), False),
    ("appeals", _("Rating appeals to decide"), False),
]
STATION = [
    ("inbox", _("Open cases of my stations"), False),
    ("walkin", _("Walk-in cases still open"), False),
]


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def station_shifts(user: Any) -> list[Shift]:
    """Today's and tomorrow's scheduled shifts at the user's stations, with bookings."""
    today = timezone.localdate()
    mine = Shift.objects.visible_to(user).values("pk")
    return list(
        Shift.objects.filter(
            pk__in=mine,
            status=ShiftStatus.SCHEDULED,
            starts_at__gte=_day_start(today),
            starts_at__lt=_day_start(today + timedelta(days=2)),
        )
        .select_related("station")
        .annotate(booked_now=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .order_by("starts_at", "id")
    )


def for_request(request: HttpRequest) -> Waiting:
    user: Any = request.user
    role = user.role
    waiting = Waiting()
    if role == Role.DEPUTY:
        waiting.tiles = _case_tiles(user, DEPUTY)
    elif role == Role.DEPARTMENT:
        waiting.tiles = _case_tiles(user, DEPARTMENT)
    elif role == Role.COMMITTEE:
        waiting.tiles = _case_tiles(user, COMMITTEE)
        activities = Activity.objects.visible_to(user).awaiting_replies()
        waiting.tiles.append(
            Tile(
                _("Activities with invitations unanswered"),
                activities.filter(starts_at__gte=timezone.now()).count(),
                reverse("committee_work:activities") + "?when=upcoming&unanswered=1",
            )
        )
        requests = DeletionRequest.objects.visible_to(user).filter(status=RequestStatus.PENDING)
        if requests.exists():
            url = reverse("retention_work:requests")
            waiting.tiles.append(Tile(_("Deletion requests to handle"), requests.count(), url))
    elif role == Role.STATION_STAFF:
        waiting.shifts = station_shifts(user)
        today = timezone.localdate()
        today_n = sum(1 for s in waiting.shifts if timezone.localdate(s.starts_at) == today)
        waiting.bookings = sum(s.booked_now for s in waiting.shifts)  # type: ignore[attr-defined]
        rota = reverse("liaison_work:home")
        waiting.tiles = [
            Tile(_("Shifts today"), today_n, rota),
            Tile(_("Shifts tomorrow"), len(waiting.shifts) - today_n, rota),
            Tile(_("Bookings for these shifts"), waiting.bookings, rota),
            *_case_tiles(user, STATION),
        ]
    elif role == Role.CITIZEN:
        mine = reverse("cases:mine")
        waiting.title = _("My matters at a glance")
        found = queues.counts(user, ["inbox", "rating"], timezone.localdate())
        waiting.tiles = [
            Tile(_("My matters not yet closed"), found["inbox"], mine),
            Tile(_("Waiting for my rating"), found["rating"], mine, urgent=True),
        ]
    waiting.tiles.append(
        Tile(_("Unread notifications"), unread_count(request), reverse("notifications:list"))
    )
    return waiting
