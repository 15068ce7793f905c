"""Pattern → shifts across month ends and holidays; swaps, cancels and conflicts; attendance."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.models import CalendarDay
from lianxi.liaison import actions
from lianxi.liaison.models import Duty, DutyPattern, Shift
from lianxi.notifications.models import OutboxMessage


def pattern(world: World, weekday: int, **extra: Any) -> DutyPattern:
    p = DutyPattern.objects.create(
        station=world.station_a,
        weekday=weekday,
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=extra.pop("valid_from", date(2026, 1, 1)),
        **extra,
    )
    p.deputies.set([world.deputy_a])
    return p


def test_weekly_pattern_across_a_month_end_skips_holidays(world: World) -> None:
    CalendarDay.objects.update_or_create(date=date(2026, 10, 7), defaults={"is_workday": False})
    CalendarDay.objects.update_or_create(date=date(2026, 9, 30), defaults={"is_workday": True})
    p = pattern(world, weekday=2)  # Wednesdays
    shifts = actions.generate_shifts(
        world["staff_a"], pattern=p, start=date(2026, 9, 21), end=date(2026, 10, 18)
    )
    days = [timezone.localtime(s.starts_at).date() for s in shifts]
    # 23 Sep, 30 Sep (across the month end), 7 Oct is National Day (skipped), 14 Oct.
    assert days == [date(2026, 9, 23), date(2026, 9, 30), date(2026, 10, 14)]
    assert all(timezone.localtime(s.starts_at).time() == time(9) for s in shifts)
    assert Duty.objects.filter(shift__in=shifts, deputy=world.deputy_a).count() == 3
    # Running again adds nothing.
    again = actions.generate_shifts(
        world["staff_a"], pattern=p, start=date(2026, 9, 21), end=date(2026, 10, 18)
    )
    assert again == [] and Shift.objects.count() == 3


def test_pattern_validity_and_holidays_kept_when_asked(world: World) -> None:
    CalendarDay.objects.update_or_create(date=date(2026, 2, 18), defaults={"is_workday": False})
    p = pattern(
        world,
        weekday=2,
        valid_from=date(2026, 2, 10),
        valid_until=date(2026, 3, 3),
        skip_holidays=False,
    )
    shifts = actions.generate_shifts(
        world["staff_a"], pattern=p, start=date(2026, 1, 26), end=date(2026, 3, 31)
    )
    days = [timezone.localtime(s.starts_at).date() for s in shifts]
    assert days == [date(2026, 2, 11), date(2026, 2, 18), date(2026, 2, 25)]


def test_only_the_stations_staff_generate(world: World) -> None:
    p = pattern(world, weekday=0)
    with pytest.raises(NotAllowed):
        actions.generate_shifts(
            world["staff_b"], pattern=p, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )


def test_conflicts_are_refused(world: World, make_shift: Any) -> None:
    make_shift(days=3, hour=9)
    with pytest.raises(InvalidInput, match="已安排"):
        make_shift(days=3, hour=10)  # overlaps 9–11
    with pytest.raises(InvalidInput, match="未进驻"):
        make_shift(days=4, deputies=[world.deputy_b])
    make_shift(days=3, hour=11)  # back to back is fine


def test_swap_needs_approval_and_a_free_attached_deputy(world: World, make_shift: Any) -> None:
    world.station_a.deputies.add(world.deputy_b)
    shift = make_shift(days=5)
    duty = Duty.objects.get(shift=shift, deputy=world.deputy_a)
    with pytest.raises(NotAllowed):
        actions.request_change(world["deputy_b"], duty=duty, kind="cancel", reason="出差")
    # deputy_b is busy at the same time at station B → refused with a clear reason.
    make_shift(days=5, deputies=[world.deputy_b], station=world.station_b)
    with pytest.raises(InvalidInput, match="已安排"):
        actions.request_change(
            world["deputy_a"], duty=duty, kind="swap", reason="出差", swap_with=world.deputy_b
        )
    Shift.objects.filter(station=world.station_b).update(status="cancelled")
    request = actions.request_change(
        world["deputy_a"], duty=duty, kind="swap", reason="出差", swap_with=world.deputy_b
    )
    assert OutboxMessage.objects.filter(channel="inapp", user=world["staff_a"]).count() == 1
    with pytest.raises(NotAllowed):
        actions.decide_request(world["staff_b"], request=request, approve=True)
    actions.decide_request(world["staff_a"], request=request, approve=True)
    active = Duty.objects.filter(shift=shift).exclude(attendance="released")
    assert [d.deputy for d in active] == [world.deputy_b]
    with pytest.raises(IllegalTransition):
        actions.decide_request(world["staff_a"], request=request, approve=False)


def test_cancel_releases_the_deputy(world: World, make_shift: Any) -> None:
    shift = make_shift(days=5)
    duty = Duty.objects.get(shift=shift)
    request = actions.request_change(world["deputy_a"], duty=duty, kind="cancel", reason="开会")
    with pytest.raises(IllegalTransition):
        actions.request_change(world["deputy_a"], duty=duty, kind="cancel", reason="开会")
    actions.decide_request(world["staff_a"], request=request, approve=True)
    duty.refresh_from_db()
    assert duty.attendance == "released"
    make_shift(days=5)  # the deputy is free again at that time


def test_attendance_and_check_in(world: World, make_shift: Any) -> None:
    shift = make_shift(days=1)
    duty = Duty.objects.get(shift=shift)
    with pytest.raises(IllegalTransition):
        actions.mark_attendance(world["staff_a"], duty=duty, attendance="attended")
    with freeze_time(shift.starts_at + timedelta(minutes=10)):
        with pytest.raises(InvalidInput):
            actions.mark_attendance(world["staff_a"], duty=duty, attendance="absent")
        actions.mark_attendance(world["staff_a"], duty=duty, attendance="absent", reason="病假")
        duty = actions.check_in(world["deputy_a"], station=world.station_a)
        assert duty.attendance == "attended" and duty.checked_in_at is not None
        with pytest.raises(IllegalTransition):
            actions.check_in(world["deputy_a"], station=world.station_b)


def test_rota_notices_are_sent_once(world: World, make_shift: Any, django_user_model: Any) -> None:
    from lianxi.liaison.models import Subscription

    Subscription.objects.create(user=world["citizen"], station=world.station_a)
    make_shift(days=2)
    make_shift(days=6)  # beyond the default 3 days
    assert actions.send_rota_notices(None) == 2
    assert actions.send_rota_notices(None) == 0
    assert (
        OutboxMessage.objects.filter(channel="inapp", kind="liaison.send_rota_notices").count() == 2
    )


def test_deputy_followers_hear_of_duty_days_once(
    world: World, make_shift: Any, django_user_model: Any
) -> None:
    """A citizen following a deputy hears of that deputy's shifts at any station, once per
    shift even when also following the station; other deputies' shifts say nothing."""
    from lianxi.liaison.models import DeputySubscription, Subscription

    citizen = world["citizen"]
    assert actions.toggle_deputy_subscription(citizen, deputy=world.deputy_a) is True
    Subscription.objects.create(user=citizen, station=world.station_a)
    mine = make_shift(days=2)
    make_shift(days=2, hour=14, deputies=[world.deputy_b], station=world.station_b)
    actions.send_rota_notices(None)
    to_citizen = OutboxMessage.objects.filter(
        channel="inapp", user=citizen, dedupe_key__startswith="liaison:"
    )
    assert [m.dedupe_key for m in to_citizen] == [
        f"liaison:shift-watch:{mine.pk}:u{citizen.pk}:app"
    ]
    assert actions.send_rota_notices(None) == 0
    assert actions.toggle_deputy_subscription(citizen, deputy=world.deputy_a) is False
    assert not DeputySubscription.objects.exists()
    with pytest.raises(NotAllowed):
        actions.toggle_deputy_subscription(world["staff_a"], deputy=world.deputy_a)


def test_end_a_pattern(world: World, client: Any) -> None:
    """Ending a pattern keeps its shifts, stops new ones; only the station's staff may."""
    p = pattern(world, 2, valid_from=date(2027, 3, 1))
    actions.generate_shifts(
        world["staff_a"], pattern=p, start=date(2027, 3, 1), end=date(2027, 3, 31)
    )
    with pytest.raises(NotAllowed):
        actions.end_pattern(world["staff_b"], pattern=p)
    client.force_login(world["staff_b"])
    assert client.post(f"/work/liaison/patterns/{p.pk}/end/").status_code == 404
    client.force_login(world["staff_a"])
    assert client.post(f"/work/liaison/patterns/{p.pk}/end/").status_code == 302
    p.refresh_from_db()
    assert not p.is_active and p.valid_until == date(2027, 3, 1)
    assert Shift.objects.filter(pattern=p).count() == 5
    with pytest.raises(IllegalTransition):
        actions.generate_shifts(
            world["staff_a"], pattern=p, start=date(2027, 4, 1), end=date(2027, 4, 30)
        )
    with pytest.raises(IllegalTransition):
        actions.end_pattern(world["staff_a"], pattern=p)


def test_follow_a_station_and_stop(world: World) -> None:
    from lianxi.liaison.models import Subscription

    citizen = world["citizen"]
    assert actions.toggle_subscription(citizen, station=world.station_a) is True
    assert Subscription.objects.filter(user=citizen, station=world.station_a).count() == 1
    assert actions.toggle_subscription(citizen, station=world.station_a) is False
    assert not Subscription.objects.exists()
    with pytest.raises(NotAllowed):
        actions.toggle_subscription(world["deputy_a"], station=world.station_a)
    assert not Subscription.objects.exists()
