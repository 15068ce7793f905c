"""The calendar contract and the iCal feeds (parsed with the icalendar package)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
from django.utils import timezone

from conftest import World
from lianxi.liaison.calendar import deputy_items
from lianxi.liaison.ical import deputy_token


def test_deputy_items(world: World, make_shift: Any) -> None:
    shift = make_shift(days=2)
    make_shift(days=20)
    now = timezone.now()
    items = deputy_items(world.deputy_a.pk, now, now + timedelta(days=7))
    assert [i.uid for i in items] == [f"shift-{shift.pk}@lianxi"]
    assert items[0].kind == "shift" and items[0].start == shift.starts_at
    assert deputy_items(world.deputy_b.pk, now, now + timedelta(days=7)) == []


def test_feeds_parse(client: Any, world: World, make_shift: Any) -> None:
    shift = make_shift(days=2)
    token = deputy_token(world.deputy_a.pk)
    response = client.get(f"/liaison/ical/deputy/{world.deputy_a.pk}/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    assert events[0]["UID"] == f"shift-{shift.pk}@lianxi"
    assert events[0].decoded("DTSTART") == shift.starts_at
    assert client.get(f"/liaison/ical/deputy/{world.deputy_a.pk}/{'0' * 32}.ics").status_code == 404
    station = client.get(f"/liaison/ical/station/{world.station_a.pk}.ics")
    cal = icalendar.Calendar.from_ical(station.content)
    assert len(list(cal.walk("VEVENT"))) == 1
