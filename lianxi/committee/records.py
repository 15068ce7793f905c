"""What the committee app tells other apps about a deputy (the liaison rules count trainings)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

from lianxi.committee.models import SessionAttendance


def trainings_completed(deputy_id: int, year: int) -> int:
    """Training sessions the deputy attended in the calendar year."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(datetime(year, 1, 1).date(), time.min, tzinfo=tz)
    end = datetime.combine(datetime(year + 1, 1, 1).date(), time.min, tzinfo=tz)
    return SessionAttendance.objects.filter(
        deputy_id=deputy_id, session__starts_at__gte=start, session__starts_at__lt=end
    ).count()
