"""Working days: Monday to Friday, corrected by the administrators' calendar."""

from __future__ import annotations

from datetime import date, timedelta

from lianxi.core.models import CalendarDay


def _exceptions(start: date, end: date) -> dict[date, bool]:
    return dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
    )


def is_workday(day: date, exceptions: dict[date, bool] | None = None) -> bool:
    exceptions = exceptions if exceptions is not None else _exceptions(day, day)
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    # Holidays stretch a span by at most a few weeks; fetch a generous window once.
    exceptions = _exceptions(start, start + timedelta(days=days * 2 + 40))
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_workday(current, exceptions):
            left -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_workday(current, exceptions)
    return count
