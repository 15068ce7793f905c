"""The duty rota: patterns → shifts, one-off shifts and reception days, swap and cancel
requests, attendance, check-in, and the notices sent a few days ahead."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.core.models import CalendarDay
from lianxi.directory.models import Deputy, Station
from lianxi.liaison.choices import (
    Attendance,
    RequestKind,
    RequestStatus,
    ShiftKind,
    ShiftStatus,
)
from lianxi.liaison.models import (
    DeputySubscription,
    Duty,
    DutyPattern,
    DutyRequest,
    Shift,
    Subscription,
)
from lianxi.liaison.policies import can_manage_station, deputy_of

CHECK_IN_EARLY = timedelta(hours=1)
DEFAULT_NOTICE_DAYS = 3


def notice_days() -> int:
    return int(getattr(settings, "LIAISON_NOTICE_DAYS", DEFAULT_NOTICE_DAYS))


def _aware(day: date, at: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def conflict(
    deputy: Deputy,
    station: Station,
    start: datetime,
    end: datetime,
    exclude_shift: int | None = None,
) -> str | None:
    """Why `deputy` cannot be on duty at `station` from `start` to `end`, or None."""
    if deputy.status != "serving":
        return _("%(name)s is no longer serving.") % {"name": deputy.name}
    if not station.deputies.filter(pk=deputy.pk).exists():
        return _("%(name)s is not attached to %(station)s.") % {
            "name": deputy.name,
            "station": station.name,
        }
    clash = Duty.objects.filter(
        deputy=deputy,
        shift__status=ShiftStatus.SCHEDULED,
        shift__starts_at__lt=end,
        shift__ends_at__gt=start,
    ).exclude(attendance=Attendance.RELEASED)
    if exclude_shift is not None:
        clash = clash.exclude(shift_id=exclude_shift)
    other = clash.select_related("shift__station").first()
    if other is not None:
        return _("%(name)s is already on duty at %(station)s at %(time)s.") % {
            "name": deputy.name,
            "station": other.shift.station.name,
            "time": timezone.localtime(other.shift.starts_at).strftime("%Y-%m-%d %H:%M"),
        }
    return None


def _require_staff(actor: Any, station: Station) -> None:
    if not can_manage_station(actor, station):
        raise NotAllowed(_("Only the station's staff can do this."))


def holidays_between(start: date, end: date) -> set[date]:
    return set(
        CalendarDay.objects.filter(date__gte=start, date__lte=end, is_workday=False).values_list(
            "date", flat=True
        )
    )


def pattern_dates(pattern: DutyPattern, start: date, end: date) -> list[date]:
    """The days from `start` to `end` (inclusive) on which the pattern has a shift."""
    first = max(start, pattern.valid_from)
    last = min(end, pattern.valid_until) if pattern.valid_until else end
    if last < first:
        return []
    skip = holidays_between(first, last) if pattern.skip_holidays else set()
    day = first + timedelta(days=(pattern.weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        if day not in skip:
            days.append(day)
        day += timedelta(weeks=1)
    return days


@action("liaison.generate_shifts")
def generate_shifts(actor: Any, *, pattern: DutyPattern, start: date, end: date) -> list[Shift]:
    """Concrete shifts of a weekly pattern from `start` to `end`; days already generated are
    left alone, so running it again adds nothing. A deputy who would be on duty twice at once
    is left off that shift (and named in the audit event)."""
    _require_staff(actor, pattern.station)
    if end < start or (end - start).days > 366:
        raise InvalidInput(_("Choose a period of at most one year."), field="end")
    if not pattern.is_active:
        raise IllegalTransition(_("This duty pattern is no longer in use."))
    deputies = list(pattern.deputies.all())
    existing = set(Shift.objects.filter(pattern=pattern).values_list("starts_at", flat=True))
    created: list[Shift] = []
    skipped: list[str] = []
    for day in pattern_dates(pattern, start, end):
        starts_at = _aware(day, pattern.start_time)
        if starts_at in existing:
            continue
        shift = Shift.objects.create(
            station=pattern.station,
            kind=ShiftKind.REGULAR,
            starts_at=starts_at,
            ends_at=_aware(day, pattern.end_time),
            pattern=pattern,
            capacity=pattern.capacity,
        )
        for deputy in deputies:
            reason = conflict(deputy, pattern.station, shift.starts_at, shift.ends_at, shift.pk)
            if reason:
                skipped.append(f"{day:%Y-%m-%d} {deputy.pk}")
                continue
            Duty.objects.create(shift=shift, deputy=deputy)
        created.append(shift)
    log(
        actor,
        "liaison.generate_shifts",
        pattern,
        {"start": str(start), "end": str(end), "created": len(created), "skipped": skipped},
    )
    return created


@action("liaison.add_shift")
def add_shift(
    actor: Any,
    *,
    station: Station,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    deputies: Iterable[Deputy],
    capacity: int = 10,
    title: str = "",
) -> Shift:
    """A reception day (several deputies) or a one-off shift."""
    _require_staff(actor, station)
    if kind not in {ShiftKind.RECEPTION_DAY, ShiftKind.ONE_OFF, ShiftKind.REGULAR}:
        raise InvalidInput(_("Choose a kind of shift."), field="kind")
    if ends_at <= starts_at:
        raise InvalidInput(_("The end must come after the start."), field="ends_at")
    if not 1 <= capacity <= 500:
        raise InvalidInput(_("Places must be between 1 and 500."), field="capacity")
    deputies = list(deputies)
    if not deputies:
        raise InvalidInput(_("Choose at least one deputy."), field="deputies")
    for deputy in deputies:
        reason = conflict(deputy, station, starts_at, ends_at)
        if reason:
            raise InvalidInput(reason, field="deputies")
    shift = Shift.objects.create(
        station=station,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        title=title.strip()[:80],
    )
    Duty.objects.bulk_create([Duty(shift=shift, deputy=d) for d in deputies])
    log(actor, "liaison.add_shift", shift, {"kind": kind, "deputies": [d.pk for d in deputies]})
    return shift


@action("liaison.request_change")
def request_change(
    actor: Any, *, duty: Duty, kind: str, reason: str, swap_with: Deputy | None = None
) -> DutyRequest:
    deputy = deputy_of(actor)
    if deputy is None or duty.deputy_id != deputy.pk:
        raise NotAllowed(_("You can only ask to change your own duties."))
    shift = duty.shift
    if shift.status != ShiftStatus.SCHEDULED or shift.starts_at <= timezone.now():
        raise IllegalTransition(_("This shift has already started or been cancelled."))
    if duty.requests.filter(status=RequestStatus.PENDING).exists():
        raise IllegalTransition(_("A request for this duty is already waiting for approval."))
    reason = reason.strip()
    if len(reason) < 2:
        raise InvalidInput(_("Give a reason."), field="reason")
    if kind == RequestKind.SWAP:
        if swap_with is None or swap_with.pk == deputy.pk:
            raise InvalidInput(_("Choose the deputy who will take your place."), field="swap_with")
        problem = conflict(swap_with, shift.station, shift.starts_at, shift.ends_at)
        if problem:
            raise InvalidInput(problem, field="swap_with")
    elif kind == RequestKind.CANCEL:
        swap_with = None
    else:
        raise InvalidInput(_("Choose swap or cancel."), field="kind")
    request = DutyRequest.objects.create(
        duty=duty, kind=kind, swap_with=swap_with, reason=reason[:200]
    )
    log(actor, "liaison.request_change", request, {"kind": kind})
    announce("liaison.request_change", request, actor)
    return request


@action("liaison.decide_request")
def decide_request(
    actor: Any, *, request: DutyRequest, approve: bool, note: str = ""
) -> DutyRequest:
    duty = request.duty
    shift = duty.shift
    _require_staff(actor, shift.station)
    # Lock the request row: two staff deciding at once cannot both apply it.
    updated = DutyRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.APPROVED if approve else RequestStatus.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note.strip()[:200],
    )
    if updated != 1:
        raise IllegalTransition(_("This request has already been decided."))
    if approve:
        if request.kind == RequestKind.SWAP:
            assert request.swap_with is not None
            problem = conflict(request.swap_with, shift.station, shift.starts_at, shift.ends_at)
            if problem:
                raise InvalidInput(problem, field="swap_with")
            taker, _new = Duty.objects.get_or_create(shift=shift, deputy=request.swap_with)
            if taker.attendance == Attendance.RELEASED:
                taker.attendance = Attendance.PENDING
                taker.save(update_fields=["attendance"])
        duty.attendance = Attendance.RELEASED
        duty.save(update_fields=["attendance"])
    request.refresh_from_db()
    log(actor, "liaison.decide_request", request, {"approve": approve})
    announce("liaison.decide_request", request, actor, approve=approve)
    return request


@action("liaison.mark_attendance")
def mark_attendance(actor: Any, *, duty: Duty, attendance: str, reason: str = "") -> Duty:
    _require_staff(actor, duty.shift.station)
    if attendance not in {Attendance.ATTENDED, Attendance.ABSENT}:
        raise InvalidInput(_("Choose attended or absent."), field="attendance")
    if duty.attendance == Attendance.RELEASED:
        raise IllegalTransition(_("This deputy was released from the duty."))
    if duty.shift.starts_at > timezone.now():
        raise IllegalTransition(_("Attendance can be marked once the shift has started."))
    reason = reason.strip()
    if attendance == Attendance.ABSENT and not reason:
        raise InvalidInput(_("Record the reason for the absence."), field="reason")
    duty.attendance = attendance
    duty.absence_reason = reason[:200] if attendance == Attendance.ABSENT else ""
    duty.save(update_fields=["attendance", "absence_reason"])
    log(actor, "liaison.mark_attendance", duty, {"attendance": attendance})
    announce("liaison.mark_attendance", duty, actor, attendance=attendance)
    return duty


@action("liaison.check_in")
def check_in(actor: Any, *, station: Station) -> Duty:
    """The deputy scanned the station's QR code while signed in: their current duty there."""
    deputy = deputy_of(actor)
    if deputy is None:
        raise NotAllowed(_("Only a serving deputy can check in."))
    now = timezone.now()
    duty = (
        Duty.objects.select_related("shift")
        .filter(
            deputy=deputy,
            shift__station=station,
            shift__status=ShiftStatus.SCHEDULED,
            shift__starts_at__lte=now + CHECK_IN_EARLY,
            shift__ends_at__gte=now,
        )
        .exclude(attendance=Attendance.RELEASED)
        .first()
    )
    if duty is None:
        raise IllegalTransition(_("You have no duty at this station right now."))
    if duty.checked_in_at is None:
        duty.checked_in_at = now
        duty.attendance = Attendance.ATTENDED
        duty.absence_reason = ""
        duty.save(update_fields=["checked_in_at", "attendance", "absence_reason"])
    log(actor, "liaison.check_in", duty)
    announce("liaison.check_in", duty, actor, attendance=duty.attendance)
    return duty


@action("liaison.send_rota_notices")
def send_rota_notices(actor: Any, *, today: date | None = None, days: int | None = None) -> int:
    """Tell the deputies on duty and the station's subscribers about shifts `days` ahead.
    A shift is noticed once (its `notified_on`, and each message's dedupe key)."""
    today = today or timezone.localdate()
    days = notice_days() if days is None else days
    horizon = timezone.make_aware(
        datetime.combine(today + timedelta(days=days + 1), datetime.min.time())
    )
    shifts = list(
        Shift.objects.filter(
            status=ShiftStatus.SCHEDULED,
            notified_on__isnull=True,
            starts_at__gte=timezone.now(),
            starts_at__lt=horizon,
        )
        .select_related("station")
        .prefetch_related("duties__deputy__user")
    )
    subscribers: dict[int, list[Any]] = {}
    for sub in Subscription.objects.filter(
        station_id__in={s.station_id for s in shifts}
    ).select_related("user"):
        subscribers.setdefault(sub.station_id, []).append(sub.user)
    followers: dict[int, list[Any]] = {}
    on_duty_ids = {d.deputy_id for s in shifts for d in s.duties.all()}
    for follow in DeputySubscription.objects.filter(deputy_id__in=on_duty_ids).select_related(
        "user"
    ):
        followers.setdefault(follow.deputy_id, []).append(follow.user)
    sent = 0
    for shift in shifts:
        on_duty = [d for d in shift.duties.all() if d.attendance != Attendance.RELEASED]
        deputies = [d.deputy.user for d in on_duty if d.deputy.user is not None]
        # One message per citizen and shift, whether they follow the station or a deputy.
        told: dict[int, Any] = {u.pk: u for u in subscribers.get(shift.station_id, [])}
        for duty in on_duty:
            told |= {u.pk: u for u in followers.get(duty.deputy_id, [])}
        announce(
            "liaison.send_rota_notices",
            shift,
            actor,
            on_duty=deputies,
            watchers=list(told.values()),
            names="、".join(d.deputy.name for d in on_duty),
        )
        sent += len(deputies) + len(told)
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(notified_on=today)
    log(actor, "liaison.send_rota_notices", None, {"shifts": len(shifts), "messages": sent})
    return sent


@action("liaison.send_shift_reminders")
def send_shift_reminders(actor: Any, *, today: date | None = None) -> int:
    """The day before: each deputy on duty tomorrow is reminded (lianxi/notifications/rules).
    A shift is reminded once (`reminded_on`)."""
    today = today or timezone.localdate()
    tomorrow = _aware(today + timedelta(days=1), datetime.min.time())
    shifts = list(
        Shift.objects.filter(
            status=ShiftStatus.SCHEDULED,
            reminded_on__isnull=True,
            starts_at__gte=max(tomorrow, timezone.now()),
            starts_at__lt=tomorrow + timedelta(days=1),
        ).select_related("station")
    )
    for shift in shifts:
        announce("liaison.send_shift_reminders", shift, actor)
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(reminded_on=today)
    log(actor, "liaison.send_shift_reminders", None, {"shifts": len(shifts)})
    return len(shifts)


@action("liaison.toggle_subscription")
def toggle_subscription(actor: Any, *, station: Station) -> bool:
    """Follow (or stop following) a station's rota; True when now following."""
    if not _is_citizen(actor):
        raise NotAllowed(_("Sign in as a citizen to follow a station."))
    following = _toggle(Subscription, user=actor, station=station)
    log(actor, "liaison.toggle_subscription", station, {"following": following})
    return following


@action("liaison.toggle_deputy_subscription")
def toggle_deputy_subscription(actor: Any, *, deputy: Any) -> bool:
    """Follow (or stop following) a deputy's duty days; True when now following."""
    if not _is_citizen(actor):
        raise NotAllowed(_("Sign in as a citizen to follow a deputy."))
    following = _toggle(DeputySubscription, user=actor, deputy=deputy)
    log(actor, "liaison.toggle_deputy_subscription", deputy, {"following": following})
    return following


def _is_citizen(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.role == "citizen"


def _toggle(model: Any, **fields: Any) -> bool:
    """Delete the subscription with these fields, or create it; True when it now exists."""
    deleted, _rows = model.objects.filter(**fields).delete()
    if not deleted:
        model.objects.create(**fields)
    return not deleted


@action("liaison.end_pattern")
def end_pattern(actor: Any, *, pattern: DutyPattern) -> DutyPattern:
    """Stop using a weekly pattern: it generates no more shifts; those already made stay
    (cancel them one by one if they should not happen)."""
    _require_staff(actor, pattern.station)
    if not pattern.is_active:
        raise IllegalTransition(_("This duty pattern is no longer in use."))
    today = timezone.localdate()
    pattern.is_active = False
    if pattern.valid_until is None or pattern.valid_until > today:
        pattern.valid_until = max(today, pattern.valid_from)
    pattern.save(update_fields=["is_active", "valid_until", "updated_at"])
    log(actor, "liaison.end_pattern", pattern)
    return pattern


@action("liaison.save_pattern")
def save_pattern(actor: Any, *, station: Station, data: dict[str, Any]) -> DutyPattern:
    """A new weekly duty pattern; its deputies must be attached to the station."""
    _require_staff(actor, station)
    deputies = list(data.get("deputies") or [])
    if not deputies:
        raise InvalidInput(_("Choose at least one deputy."), field="deputies")
    for deputy in deputies:
        if not station.deputies.filter(pk=deputy.pk).exists():
            raise InvalidInput(
                _("%(name)s is not attached to %(station)s.")
                % {"name": deputy.name, "station": station.name},
                field="deputies",
            )
    if data["end_time"] <= data["start_time"]:
        raise InvalidInput(_("The end must come after the start."), field="end_time")
    pattern = DutyPattern.objects.create(
        station=station,
        weekday=int(data["weekday"]),
        start_time=data["start_time"],
        end_time=data["end_time"],
        capacity=data.get("capacity") or 10,
        valid_from=data["valid_from"],
        valid_until=data.get("valid_until"),
        skip_holidays=bool(data.get("skip_holidays")),
    )
    pattern.deputies.set(deputies)
    log(actor, "liaison.save_pattern", pattern, {"deputies": [d.pk for d in deputies]})
    return pattern
