"""The rota: shifts and bookings (public), duty requests and attendance, duty patterns and
the shifts they generate."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema, Status

from lianxi.api.bounds import Day, Id, Small
from lianxi.api.examples import example
from lianxi.api.problems import ACTS_ON, answers, no_such_choice
from lianxi.api.routers.liaison.router import router
from lianxi.core.choices import Role
from lianxi.directory.models import Deputy
from lianxi.liaison import actions
from lianxi.liaison.access import (
    access_managed_pattern,
    access_managed_station,
    access_own_duty,
    access_request,
)
from lianxi.liaison.choices import Attendance
from lianxi.liaison.models import Booking, Duty, DutyPattern, Shift
from lianxi.liaison.policies import can_manage_station

MAX_DAYS = 92


class ShiftOut(Schema):
    id: int
    station_id: int
    station: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    status: str
    deputies: list[str]


def _shift_out(shift: Shift, names: list[str]) -> dict[str, Any]:
    return {
        "id": shift.pk,
        "station_id": shift.station_id,
        "station": shift.station.name,
        "kind": shift.kind,
        "title": shift.title,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "capacity": shift.capacity,
        "booked": shift.booked,
        "status": shift.status,
        "deputies": names,
    }


@router.get("/liaison/shifts", response=list[ShiftOut], auth=None)
def list_shifts(
    request: HttpRequest, station: Id | None = None, start: Day | None = None, days: Small = 14
) -> list[dict[str, Any]]:
    """The published rota: shifts of open stations from `start` (today) for `days` days."""
    days = min(max(days, 1), MAX_DAYS)
    first = timezone.make_aware(
        datetime.combine(start or timezone.localdate(), datetime.min.time())
    )
    qs = Shift.objects.public().filter(
        starts_at__gte=first, starts_at__lt=first + timedelta(days=days)
    )
    if station is not None:
        qs = qs.filter(station_id=station)
    shifts = list(qs.select_related("station")[:500])
    names: dict[int, list[str]] = {}
    for sid, name in (
        Duty.objects.filter(shift__in=shifts)
        .exclude(attendance=Attendance.RELEASED)
        .values_list("shift_id", "deputy__name")
    ):
        names.setdefault(sid, []).append(name)
    return [_shift_out(s, names.get(s.pk, [])) for s in shifts]


class BookingIn(Schema):
    model_config = example(name="张三", phone="13700007777", topic="小区停车难")

    name: str = Field(..., max_length=40)
    phone: str = Field(..., max_length=20)
    topic: str = Field("", max_length=200)


class BookingOut(Schema):
    id: int
    shift_id: int
    status: str


@router.post(
    "/liaison/shifts/{shift_id}/bookings",
    response=answers(BookingOut, *ACTS_ON, status=201),
    auth=None,
)
def book(request: HttpRequest, shift_id: Id, payload: BookingIn) -> Any:
    shift = Shift.objects.public().select_related("station").filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    user: Any = request.user
    actor = user if user.is_authenticated and user.role == Role.CITIZEN else AnonymousUser()
    booking = actions.book_place(
        actor, shift=shift, name=payload.name, phone=payload.phone, topic=payload.topic
    )
    return Status(201, booking)


@router.post(
    "/liaison/bookings/{booking_id}/cancel",
    response=answers(BookingOut, *ACTS_ON),
)
def cancel_booking(request: HttpRequest, booking_id: Id) -> Booking:
    booking = Booking.objects.select_related("shift__station").filter(pk=booking_id).first()
    if booking is None or not (
        booking.citizen_id == request.user.pk
        or can_manage_station(request.user, booking.shift.station)
    ):
        raise Http404
    return actions.cancel_booking(request.user, booking=booking)


class RequestIn(Schema):
    model_config = example(kind="cancel", reason="当天需出差参加调研，无法值班。")

    kind: str
    reason: str = Field(..., max_length=200)
    swap_with: Id | None = None


class IdStatus(Schema):
    id: int
    status: str


@router.post(
    "/liaison/duties/{duty_id}/requests",
    response=answers(IdStatus, *ACTS_ON, status=201),
)
def request_change(request: HttpRequest, duty_id: Id, payload: RequestIn) -> Any:
    duty = access_own_duty(request.user, duty_id)
    swap = Deputy.objects.filter(pk=payload.swap_with).first() if payload.swap_with else None
    made = actions.request_change(
        request.user, duty=duty, kind=payload.kind, reason=payload.reason, swap_with=swap
    )
    return Status(201, made)


class DecisionIn(Schema):
    model_config = example(approve=True, note="同意调换。")

    approve: bool
    note: str = Field("", max_length=200)


@router.post(
    "/liaison/requests/{request_id}/decision",
    response=answers(IdStatus, *ACTS_ON),
)
def decide(request: HttpRequest, request_id: Id, payload: DecisionIn) -> Any:
    req = access_request(request.user, request_id)
    return actions.decide_request(
        request.user, request=req, approve=payload.approve, note=payload.note
    )


class AttendanceIn(Schema):
    model_config = example(attendance="absent", reason="临时请病假。")

    attendance: str
    reason: str = Field("", max_length=200)


class DutyOut(Schema):
    id: int
    attendance: str
    absence_reason: str


@router.post("/liaison/duties/{duty_id}/attendance", response=answers(DutyOut, *ACTS_ON))
def attendance(request: HttpRequest, duty_id: Id, payload: AttendanceIn) -> Duty:
    duty = Duty.objects.select_related("shift__station").filter(pk=duty_id).first()
    if duty is None or not can_manage_station(request.user, duty.shift.station):
        raise Http404
    return actions.mark_attendance(
        request.user, duty=duty, attendance=payload.attendance, reason=payload.reason
    )


# ---------------------------------------------------------------- patterns


class PatternIn(Schema):
    model_config = example(
        weekday=2,
        start_time="09:00",
        end_time="11:30",
        capacity=8,
        valid_from="2027-04-05",
        skip_holidays=True,
        deputy_ids=[1],
    )

    weekday: int = Field(..., ge=0, le=6, description="0 = Monday … 6 = Sunday")
    start_time: time
    end_time: time
    capacity: int = Field(10, ge=1, le=500)
    valid_from: Day
    valid_until: Day | None = None
    skip_holidays: bool = True
    deputy_ids: list[Id] = Field(..., min_length=1, max_length=20)


class PatternOut(Schema):
    id: int
    station_id: int
    weekday: int
    start_time: time
    end_time: time
    capacity: int
    valid_from: date
    valid_until: date | None
    skip_holidays: bool
    deputy_ids: list[int]

    @staticmethod
    def resolve_deputy_ids(obj: DutyPattern) -> list[int]:
        return sorted(d.pk for d in obj.deputies.all())


@router.get(
    "/liaison/stations/{station_id}/patterns",
    response=answers(list[PatternOut], 404),
)
def patterns(request: HttpRequest, station_id: Id) -> Any:
    station = access_managed_station(request.user, station_id)
    found = DutyPattern.objects.filter(station=station).prefetch_related("deputies")
    return found


@router.post(
    "/liaison/stations/{station_id}/patterns",
    response=answers(PatternOut, *ACTS_ON, status=201),
)
def create_pattern(request: HttpRequest, station_id: Id, payload: PatternIn) -> Any:
    station = access_managed_station(request.user, station_id)
    deputies = list(Deputy.objects.filter(pk__in=payload.deputy_ids))
    if len(deputies) != len(set(payload.deputy_ids)):
        raise no_such_choice("deputy_ids", gettext("No such deputy."))
    data = payload.dict(exclude={"deputy_ids"}) | {"deputies": deputies}
    made = actions.save_pattern(request.user, station=station, data=data)
    return Status(201, made)


class GenerateIn(Schema):
    model_config = example(start="2027-04-01", end="2027-04-30")

    start: Day
    end: Day


@router.post(
    "/liaison/patterns/{pattern_id}/shifts",
    response=answers(list[ShiftOut], *ACTS_ON, status=201),
)
def generate(request: HttpRequest, pattern_id: Id, payload: GenerateIn) -> Any:
    pattern = access_managed_pattern(request.user, pattern_id)
    made = actions.generate_shifts(
        request.user, pattern=pattern, start=payload.start, end=payload.end
    )
    names = [d.name for d in pattern.deputies.all()]
    return Status(201, [_shift_out(s, names) for s in made])
