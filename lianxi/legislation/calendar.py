"""A deputy's consultations as calendar items: the last day to comment (the committee app's
calendar merges them with shifts, sessions and activities)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from lianxi.core.calendar import CalendarItem
from lianxi.legislation.models import Consultation


def deputy_items(deputy: Any, start: datetime, end: datetime) -> list[CalendarItem]:
    """The closing day (17:00–18:00) of each open consultation that invites the deputy."""
    items = []
    for consultation in Consultation.objects.for_deputy(deputy).order_by("closes_on", "pk"):
        closes = timezone.make_aware(datetime.combine(consultation.closes_on, time(17, 0)))
        if not start <= closes < end:
            continue
        items.append(
            CalendarItem(
                uid=f"consultation-{consultation.pk}@lianxi",
                kind="consultation",
                title=f"征求意见截止 · {consultation.title}",
                start=closes,
                end=closes + timedelta(hours=1),
                url=reverse("legislation:detail", args=[consultation.pk]),
                status="confirmed",
            )
        )
    return items
