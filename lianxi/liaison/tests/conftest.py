from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from lianxi.liaison import actions
from lianxi.liaison.models import Shift


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def make_shift(world: World) -> Any:
    def make(
        days: int = 2, hour: int = 9, capacity: int = 10, deputies: Any = None, station: Any = None
    ) -> Shift:
        day = timezone.localdate() + timedelta(days=days)
        station = station or world.station_a
        staff = world["staff_a"] if station == world.station_a else world["staff_b"]
        return actions.add_shift(
            staff,
            station=station,
            kind="one_off",
            starts_at=at(day, hour),
            ends_at=at(day, hour + 2),
            deputies=deputies if deputies is not None else [world.deputy_a],
            capacity=capacity,
        )

    return make
