"""A deputy's duty shifts as calendar items (the committee app's calendar merges them)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from lianxi.core.calendar import CalendarItem
from lianxi.liaison.choices import Attendance, ShiftStatus
from lianxi.liaison.models import Duty, Shift


def shift_item(shift: Shift) -> CalendarItem:
    label = shift.title or shift.get_kind_display()
    return CalendarItem(
        uid=f"shift-{shift.pk}@lianxi",
        kind="shift",
        title=f"{label} · {shift.station.name}",
        start=shift.starts_at,
        end=shift.ends_at,
        place=shift.station.address,
        url=reverse("liaison:station_rota", args=[shift.station_id]),
        status="cancelled" if shift.status == ShiftStatus.CANCELLED else "confirmed",
    )


def deputy_items(deputy_id: int, start: datetime, end: datetime) -> list[CalendarItem]:
    """The deputy's shifts that overlap [start, end), ordered by start."""
    duties = (
        Duty.objects.filter(deputy_id=deputy_id, shift__starts_at__lt=end, shift__ends_at__gt=start)
        .exclude(attendance=Attendance.RELEASED)
        .select_related("shift__station")
        .order_by("shift__starts_at", "shift_id")
    )
    return [shift_item(d.shift) for d in duties]
