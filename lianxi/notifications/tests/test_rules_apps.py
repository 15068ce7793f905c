"""The rules of the other apps reach exactly their recipients: the deputy of another station,
staff of another station, deputies outside a notice's audience hear nothing; sign-in codes
always go by SMS at once."""

# ruff: noqa: F811  (fixtures imported from the apps' conftest modules)
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conftest import World, make_user
from lianxi.accounts.actions import request_login_code
from lianxi.committee import actions as committee
from lianxi.committee.actions import AudienceSpec
from lianxi.committee.tests.conftest import (  # noqa: F401  (fixtures)
    fields,
    make_activity,
    make_notice,
    people,
)
from lianxi.core.choices import Role
from lianxi.directory.tests import factories as f
from lianxi.liaison import actions as liaison
from lianxi.liaison.tests.conftest import make_shift  # noqa: F401  (fixture)
from lianxi.notifications.models import ChannelPolicy, OutboxMessage

DAY = datetime.fromisoformat("2026-11-17T14:00:00+08:00")  # a Tuesday afternoon


@pytest.fixture(autouse=True)
def weekday() -> Any:
    with freeze_time(DAY, tick=True):
        yield


def told(action: str) -> set[str]:
    rows = OutboxMessage.objects.filter(kind=action, channel="inapp")
    return {r.user.username for r in rows}


def test_a_duty_request_tells_its_station_staff_and_the_answer_the_deputies(
    world: World, make_shift: Any
) -> None:
    shift = make_shift(days=3)
    taker = make_user("deputy_c", Role.DEPUTY)
    world.station_a.deputies.add(f.deputy("周建国", world.district1, user=taker))
    duty = shift.duties.get(deputy=world.deputy_a)
    request = liaison.request_change(
        world["deputy_a"], duty=duty, kind="swap", reason="出差", swap_with=taker.deputy
    )
    assert told("liaison.request_change") == {"staff_a"}  # not station B's staff
    liaison.decide_request(world["staff_a"], request=request, approve=True)
    assert told("liaison.decide_request") == {"deputy_a", "deputy_c"}
    asker = OutboxMessage.objects.get(
        kind="liaison.decide_request", user=world["deputy_a"], channel="inapp"
    )
    assert "批准" in asker.body and world.station_a.name in asker.body


def test_a_booking_tells_the_citizen_and_the_deputies_on_duty(
    world: World, make_shift: Any
) -> None:
    shift = make_shift(days=2)
    make_shift(days=2, hour=14, deputies=[world.deputy_b], station=world.station_b)
    liaison.book_place(
        world["citizen"], shift=shift, name="张三", phone="13700001111", topic="小区停车难"
    )
    assert told("liaison.book") == {"citizen", "deputy_a"}
    sms = OutboxMessage.objects.filter(kind="liaison.book", channel="sms", user=world["citizen"])
    assert [m.recipient for m in sms] == ["13700001111"]
    duty = OutboxMessage.objects.get(kind="liaison.book", channel="inapp", user=world["deputy_a"])
    assert "张三" in duty.body and "小区停车难" in duty.body


def test_the_day_before_each_deputy_hears_of_their_own_shift(world: World, make_shift: Any) -> None:
    make_shift(days=1)
    make_shift(days=1, hour=14, deputies=[world.deputy_b], station=world.station_b)
    make_shift(days=2, deputies=[world.deputy_b], station=world.station_b)  # not tomorrow
    assert liaison.send_shift_reminders(None) == 2
    assert liaison.send_shift_reminders(None) == 0
    rows = OutboxMessage.objects.filter(kind="liaison.send_shift_reminders", channel="inapp")
    by_user = {m.user.username: m.body for m in rows}
    assert set(by_user) == {"deputy_a", "deputy_b"} and len(rows) == 2
    assert world.station_a.name in by_user["deputy_a"]
    assert world.station_b.name in by_user["deputy_b"]


def test_a_notice_reaches_its_audience_only(
    world: World,
    people: Any,
    make_notice: Any,
) -> None:
    make_notice(AudienceSpec(area_ids=[world.district1.pk]), must_confirm=False)
    assert told("committee.publish_notice") == {"deputy_a"}  # deputy_b is of district 2
    body = OutboxMessage.objects.get(kind="committee.publish_notice", channel="inapp").body
    assert body.startswith("新通知")


def test_invitations_and_changes_reach_the_invited_only(
    world: World,
    people: Any,
    make_activity: Any,
) -> None:
    activity = make_activity()
    committee.invite(world["committee"], activity=activity, deputy_ids=[world.deputy_a.pk])
    assert told("committee.invite") == {"deputy_a"}
    committee.cancel_activity(world["committee"], activity=activity, reason="改期")
    assert told("committee.cancel_activity") == {"deputy_a"}


def test_sign_in_codes_go_by_sms_at_once_whatever_the_switches(world: World) -> None:
    ChannelPolicy.objects.create(family="account", channel="sms", allowed=False)
    night = timezone.make_aware(datetime(2026, 11, 17, 23, 30))
    with freeze_time(night):
        request_login_code(None, phone="13812345678", ip="10.0.0.1")
    message = OutboxMessage.objects.get(kind="accounts.request_login_code")
    assert message.channel == "sms" and message.recipient == "13812345678"
    assert message.not_before is None and message.user is None


def test_shift_reminders_are_a_periodic_task() -> None:
    from huey.contrib.djhuey import HUEY

    import lianxi.liaison.tasks  # noqa: F401  (registers the liaison jobs)

    names = {task.__name__ for task in HUEY._registry._periodic_tasks}
    assert "shift_reminders" in names
