"""One shape for anything that lands in a deputy's calendar (duty shifts, training sessions,
activities), so the calendar page and its iCal feed can merge the apps' items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable across feeds, e.g. "shift-42@lianxi"
    kind: str  # "shift", "session", "activity"
    title: str
    start: datetime  # aware
    end: datetime  # aware
    place: str = ""
    url: str = ""  # path of the item's page, "" if none
    status: str = ""  # e.g. "confirmed", "cancelled"
