"""API of the liaison app: shifts and bookings (public), duties, requests, attendance,
visits, compliance. Every change goes through lianxi.liaison.actions; refusals become
`{"detail", "field"}` answers through the API's ActionError handler."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from lianxi.core.choices import CongressLevel, Role
from lianxi.core.errors import InvalidInput
from lianxi.directory.models import Area, Deputy
from lianxi.liaison import actions
from lianxi.liaison.access import (
    access_managed_pattern,
    access_managed_station,
    access_own_duty,
    access_request,
    access_visit,
)
from lianxi.liaison.actions.visits import RULE_FIELDS, VisitInput
from lianxi.liaison.choices import Attendance
from lianxi.liaison.compliance import evaluate_many
from lianxi.liaison.models import Booking, Duty, DutyPattern, LiaisonRule, Shift, Visit
from lianxi.liaison.policies import can_manage_station, can_see_compliance, can_set_rules

router = Router(tags=["liaison"])
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


@router.get("/liaison/shifts", response=list[ShiftOut])
def list_shifts(
    request: HttpRequest, station: int | None = None, start: date | None = None, days: int = 14
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
    name: str = Field(..., max_length=40)
    phone: str = Field(..., max_length=20)
    topic: str = Field("", max_length=200)


class BookingOut(Schema):
    id: int
    shift_id: int
    status: str


@router.post("/liaison/shifts/{shift_id}/bookings", response={201: BookingOut})
def book(request: HttpRequest, shift_id: int, payload: BookingIn) -> Any:
    shift = Shift.objects.public().select_related("station").filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    user: Any = request.user
    actor = user if user.is_authenticated and user.role == Role.CITIZEN else AnonymousUser()
    booking = actions.book_place(
        actor, shift=shift, name=payload.name, phone=payload.phone, topic=payload.topic
    )
    return Status(201, booking)


@router.post("/liaison/bookings/{booking_id}/cancel", response=BookingOut, auth=django_auth)
def cancel_booking(request: HttpRequest, booking_id: int) -> Booking:
    booking = Booking.objects.select_related("shift__station").filter(pk=booking_id).first()
    if booking is None or not (
        booking.citizen_id == request.user.pk
        or can_manage_station(request.user, booking.shift.station)
    ):
        raise Http404
    return actions.cancel_booking(request.user, booking=booking)


class RequestIn(Schema):
    kind: str
    reason: str = Field(..., max_length=200)
    swap_with: int | None = None


class IdStatus(Schema):
    id: int
    status: str


@router.post("/liaison/duties/{duty_id}/requests", response={201: IdStatus}, auth=django_auth)
def request_change(request: HttpRequest, duty_id: int, payload: RequestIn) -> Any:
    duty = access_own_duty(request.user, duty_id)
    swap = Deputy.objects.filter(pk=payload.swap_with).first() if payload.swap_with else None
    made = actions.request_change(
        request.user, duty=duty, kind=payload.kind, reason=payload.reason, swap_with=swap
    )
    return Status(201, made)


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=200)


@router.post("/liaison/requests/{request_id}/decision", response=IdStatus, auth=django_auth)
def decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> Any:
    req = access_request(request.user, request_id)
    return actions.decide_request(
        request.user, request=req, approve=payload.approve, note=payload.note
    )


class AttendanceIn(Schema):
    attendance: str
    reason: str = Field("", max_length=200)


class DutyOut(Schema):
    id: int
    attendance: str
    absence_reason: str


@router.post("/liaison/duties/{duty_id}/attendance", response=DutyOut, auth=django_auth)
def attendance(request: HttpRequest, duty_id: int, payload: AttendanceIn) -> Duty:
    duty = Duty.objects.select_related("shift__station").filter(pk=duty_id).first()
    if duty is None or not can_manage_station(request.user, duty.shift.station):
        raise Http404
    return actions.mark_attendance(
        request.user, duty=duty, attendance=payload.attendance, reason=payload.reason
    )


class VisitIn(Schema):
    date: date
    community_id: int
    method: str
    people_met: int = Field(..., ge=1, le=5000)
    people_note: str = Field("", max_length=200)
    matters: str = Field("", max_length=5000)
    co_deputy_ids: list[int] = Field(default_factory=list, max_length=20)


class VisitOut(Schema):
    id: int
    date: date
    community: str
    method: str
    people_met: int
    status: str
    deputy_ids: list[int]


def _visit_out(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "date": v.date,
        "community": v.community.name,
        "method": v.method,
        "people_met": v.people_met,
        "status": v.status,
        "deputy_ids": [d.pk for d in v.deputies.all()],
    }


@router.get("/liaison/visits", response=list[VisitOut], auth=django_auth)
def list_visits(
    request: HttpRequest, year: int | None = None, offset: int = 0, limit: int = 50
) -> Any:
    offset, limit = max(offset, 0), min(max(limit, 1), 100)
    qs = (
        Visit.objects.visible_to(request.user)
        .select_related("community")
        .prefetch_related("deputies")
    )
    if year:
        qs = qs.filter(date__year=year)
    return [_visit_out(v) for v in qs[offset : offset + limit]]


@router.post("/liaison/visits", response={201: VisitOut}, auth=django_auth)
def log_visit(request: HttpRequest, payload: VisitIn) -> Any:
    community = Area.objects.filter(pk=payload.community_id).first()
    if community is None:
        raise InvalidInput(gettext("Choose a community or village."), field="community_id")
    data = VisitInput(
        date=payload.date,
        community=community,
        method=payload.method,
        people_met=payload.people_met,
        people_note=payload.people_note,
        matters=payload.matters,
        co_deputies=list(Deputy.objects.filter(pk__in=payload.co_deputy_ids)),
    )
    visit = actions.log_visit(request.user, data=data)
    return Status(201, _visit_out(visit))


class ReviewIn(Schema):
    approve: bool
    reason: str = Field("", max_length=300)


@router.post("/liaison/visits/{visit_id}/review", response=VisitOut, auth=django_auth)
def review(request: HttpRequest, visit_id: int, payload: ReviewIn) -> Any:
    visit = access_visit(request.user, visit_id)
    return _visit_out(
        actions.review_visit(
            request.user, visit=visit, approve=payload.approve, reason=payload.reason
        )
    )


class MeasureOut(Schema):
    key: str
    label: str
    required: float
    actual: float
    light: str
    evidence: list[str]


class StandingOut(Schema):
    deputy_id: int
    deputy: str
    light: str
    has_rule: bool
    rule_year: int | None = Field(
        None, description="The year whose rule applies; earlier than `year` when carried forward"
    )
    measures: list[MeasureOut]


@router.get("/liaison/compliance", response=list[StandingOut], auth=django_auth)
def compliance(
    request: HttpRequest, year: int | None = None, offset: int = 0, limit: int = 25
) -> Any:
    offset, limit = max(offset, 0), min(max(limit, 1), 100)
    if not can_see_compliance(request.user):
        raise Http404
    year = year or timezone.localdate().year
    user: Any = request.user
    deputies = Deputy.objects.visible_to(user).filter(status="serving").order_by("pk")
    out = []
    for s in evaluate_many(deputies[offset : offset + limit], year):
        deputy = s.deputy
        out.append(
            {
                "deputy_id": deputy.pk,
                "deputy": deputy.name,
                "light": s.light,
                "has_rule": s.rule is not None,
                "rule_year": s.rule.year if s.rule else None,
                "measures": [vars(m) for m in s.measures],
            }
        )
    return out


# ---------------------------------------------------------------- patterns and rules


class PatternIn(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 = Monday … 6 = Sunday")
    start_time: time
    end_time: time
    capacity: int = Field(10, ge=1, le=500)
    valid_from: date
    valid_until: date | None = None
    skip_holidays: bool = True
    deputy_ids: list[int] = Field(..., min_length=1, max_length=20)


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


def _pattern_out(p: DutyPattern) -> dict[str, Any]:
    return {
        "id": p.pk,
        "station_id": p.station_id,
        "weekday": p.weekday,
        "start_time": p.start_time,
        "end_time": p.end_time,
        "capacity": p.capacity,
        "valid_from": p.valid_from,
        "valid_until": p.valid_until,
        "skip_holidays": p.skip_holidays,
        "deputy_ids": sorted(d.pk for d in p.deputies.all()),
    }


@router.get("/liaison/stations/{station_id}/patterns", response=list[PatternOut], auth=django_auth)
def patterns(request: HttpRequest, station_id: int) -> list[dict[str, Any]]:
    station = access_managed_station(request.user, station_id)
    found = DutyPattern.objects.filter(station=station).prefetch_related("deputies")
    return [_pattern_out(p) for p in found]


@router.post(
    "/liaison/stations/{station_id}/patterns", response={201: PatternOut}, auth=django_auth
)
def create_pattern(request: HttpRequest, station_id: int, payload: PatternIn) -> Any:
    station = access_managed_station(request.user, station_id)
    deputies = list(Deputy.objects.filter(pk__in=payload.deputy_ids))
    if len(deputies) != len(set(payload.deputy_ids)):
        raise InvalidInput(gettext("No such deputy."), field="deputy_ids")
    data = payload.dict(exclude={"deputy_ids"}) | {"deputies": deputies}
    made = actions.save_pattern(request.user, station=station, data=data)
    return Status(201, _pattern_out(made))


class GenerateIn(Schema):
    start: date
    end: date


@router.post(
    "/liaison/patterns/{pattern_id}/shifts", response={201: list[ShiftOut]}, auth=django_auth
)
def generate(request: HttpRequest, pattern_id: int, payload: GenerateIn) -> Any:
    pattern = access_managed_pattern(request.user, pattern_id)
    made = actions.generate_shifts(
        request.user, pattern=pattern, start=payload.start, end=payload.end
    )
    names = [d.name for d in pattern.deputies.all()]
    return Status(201, [_shift_out(s, names) for s in made])


class RuleIn(Schema):
    level: CongressLevel
    year: int = Field(..., ge=2000, le=2100)
    min_visits: int = Field(..., ge=0, le=1000)
    min_people_per_visit: int = Field(..., ge=0, le=1000)
    min_shifts: int = Field(..., ge=0, le=1000)
    max_answer_workdays: int = Field(..., ge=0, le=1000)
    min_trainings: int = Field(..., ge=0, le=1000)


class RuleOut(RuleIn):
    id: int


def _rule_out(rule: LiaisonRule) -> dict[str, Any]:
    return {"id": rule.pk, "level": rule.level, "year": rule.year} | {
        k: getattr(rule, k) for k in RULE_FIELDS
    }


@router.get("/liaison/rules", response=list[RuleOut], auth=django_auth)
def rules(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    if not can_see_compliance(request.user):
        raise Http404
    found = LiaisonRule.objects.all()
    if year is not None:
        found = found.filter(year=year)
    return [_rule_out(r) for r in found]


@router.put("/liaison/rules", response=RuleOut, auth=django_auth)
def put_rule(request: HttpRequest, payload: RuleIn) -> dict[str, Any]:
    """Set the rules of one level and year (replacing them if set)."""
    if not can_set_rules(request.user):
        raise Http404
    values = {k: getattr(payload, k) for k in RULE_FIELDS}
    rule = actions.save_rule(
        request.user, level=str(payload.level), year=payload.year, values=values
    )
    return _rule_out(rule)
