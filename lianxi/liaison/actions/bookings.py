"""Citizens book a place in a shift. Capacity holds under concurrent requests: a place is
taken by one conditional UPDATE (`booked < capacity`), backed by a CHECK constraint."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.liaison.choices import BookingStatus, ShiftStatus
from lianxi.liaison.models import Booking, Shift
from lianxi.liaison.policies import can_manage_station
from lianxi.lib.masking import mask_phone
from lianxi.lib.phones import normalise_mobile


@action("liaison.book")
def book_place(actor: Any, *, shift: Shift, name: str, phone: str, topic: str = "") -> Booking:
    name = name.strip()
    if not 1 <= len(name) <= 40:
        raise InvalidInput(_("Enter your name."), field="name")
    normalised = normalise_mobile(phone or "")
    if not normalised:
        raise InvalidInput(_("Enter an 11-digit mainland mobile number."), field="phone")
    if shift.status != ShiftStatus.SCHEDULED or shift.starts_at <= timezone.now():
        raise IllegalTransition(_("This shift can no longer be booked."))
    citizen = actor if getattr(actor, "is_authenticated", False) else None
    if (
        citizen is not None
        and Booking.objects.filter(
            shift=shift, citizen=citizen, status=BookingStatus.BOOKED
        ).exists()
    ):
        raise IllegalTransition(_("You have already booked a place in this shift."))
    taken = Shift.objects.filter(
        pk=shift.pk, status=ShiftStatus.SCHEDULED, booked__lt=F("capacity")
    ).update(booked=F("booked") + 1)
    if taken != 1:
        raise IllegalTransition(_("All places in this shift are taken. Choose another shift."))
    booking = Booking.objects.create(
        shift=shift, citizen=citizen, name=name, phone=normalised, topic=topic.strip()[:200]
    )
    log(actor, "liaison.book", booking, {"shift": shift.pk, "phone": mask_phone(normalised)})
    announce("liaison.book", booking, actor)
    return booking


@action("liaison.cancel_booking")
def cancel_booking(actor: Any, *, booking: Booking) -> Booking:
    own = getattr(actor, "is_authenticated", False) and booking.citizen_id == actor.pk
    if not own and not can_manage_station(actor, booking.shift.station):
        raise NotAllowed(_("You cannot cancel this booking."))
    updated = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
    )
    if updated != 1:
        raise IllegalTransition(_("This booking was already cancelled."))
    Shift.objects.filter(pk=booking.shift_id, booked__gt=0).update(booked=F("booked") - 1)
    booking.refresh_from_db()
    log(actor, "liaison.cancel_booking", booking)
    return booking


@action("liaison.send_booking_reminders")
def send_booking_reminders(actor: Any, *, now: datetime | None = None) -> int:
    """SMS reminders for bookings of shifts starting within the next 24 hours; once each."""
    now = now or timezone.now()
    bookings = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        shift__status=ShiftStatus.SCHEDULED,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(hours=24),
    ).select_related("shift__station")
    count = 0
    for booking in bookings.filter(reminded_at__isnull=True):
        # Claim the booking first: two runs at once remind once.
        if Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(reminded_at=now):
            announce("liaison.send_booking_reminders", booking, actor)
            count += 1
    log(actor, "liaison.send_booking_reminders", None, {"bookings": count})
    return count
