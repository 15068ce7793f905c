"""A deputy's duty shifts as calendar items (the committee app's calendar merges them)."""

from __future__ import annotations

from datetime import datetime

from lianxi.core.calendar import CalendarItem


def deputy_items(deputy_id: int, start: datetime, end: datetime) -> list[CalendarItem]:
    """The deputy's shifts that overlap [start, end), ordered by start."""
    return []
