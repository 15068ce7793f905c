"""Anonymising a closed case reaches what was kept because of it (docs/security.md,
retention): the messages sent about it, its followers, and the citizen's bookings of shifts
that are over; counted exactly, and a second run finds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from freezegun import freeze_time

from conftest import World, make_user
from lianxi.audit.models import AuditEvent
from lianxi.core.choices import Role
from lianxi.liaison import actions as liaison
from lianxi.liaison.models import Booking
from lianxi.notifications.models import OutboxMessage
from lianxi.retention import actions
from lianxi.retention.tests.test_anonymise import DAY, LATER, _close
from lianxi.topics.actions import follow_case
from lianxi.topics.models import Follow

PHONE = "13611112222"


def _shift(world: World, day: Any) -> Any:
    tz = DAY.tzinfo
    return liaison.add_shift(
        world["staff_a"],
        station=world.station_a,
        kind="one_off",
        starts_at=datetime.combine(day, time(9), tzinfo=tz),
        ends_at=datetime.combine(day, time(11), tzinfo=tz),
        deputies=[world.deputy_a],
    )


def test_messages_follows_and_past_bookings_go_with_the_case(world: World, submit: Any) -> None:
    citizen = world["citizen"]
    citizen.display_name = "张三丰"
    citizen.save()
    follower = make_user("follower", Role.CITIZEN, phone="13700009999")
    with freeze_time(DAY):
        old = submit(citizen, contact_name="张三丰", contact_phone=PHONE)
        other = submit(citizen, contact_phone=PHONE)  # stays open: its messages stay
        follow_case(follower, case=old)
        follow_case(follower, case=other)
        past = _shift(world, DAY.date() + timedelta(days=2))
        coming = _shift(world, LATER.date() + timedelta(days=2))
        liaison.book_place(citizen, shift=past, name="张三丰", phone=PHONE)
        liaison.book_place(citizen, shift=coming, name="张三丰", phone=PHONE)
        liaison.book_place(follower, shift=past, name="李四", phone="13700009999")
    _close(old, DAY + timedelta(days=5))
    OutboxMessage.objects.update(status="sent")  # delivered long ago
    about_old = OutboxMessage.objects.filter(
        dedupe_key__regex=rf"^[a-z_.]+:{old.pk}:", kind__startswith="cases."
    )
    theirs = list(
        about_old.filter(Q(user=citizen) | Q(user__isnull=True)).values_list("pk", flat=True)
    )
    staff = set(about_old.exclude(pk__in=theirs).values_list("pk", "user_id", "body"))
    expected_messages = len(theirs)
    assert expected_messages >= 2 and staff  # the citizen's receipts; staff's triage
    untouched = set(OutboxMessage.objects.exclude(pk__in=about_old).values_list("pk", "recipient"))

    with freeze_time(LATER):
        counts = actions.anonymise_closed(None)
    assert counts.as_dict() == {
        "cases": 1,
        "texts": 0,
        "attachments": 0,
        "messages": expected_messages,
        "follows": 1,
        "bookings": 1,
    }
    for message in OutboxMessage.objects.filter(pk__in=theirs):
        assert (message.recipient, message.user_id) == ("", None)
        assert PHONE not in message.body and "张三丰" not in message.body
    assert set(about_old.exclude(pk__in=theirs).values_list("pk", "user_id", "body")) == staff
    assert (
        set(OutboxMessage.objects.exclude(pk__in=about_old).values_list("pk", "recipient"))
        == untouched
    )
    assert list(Follow.objects.values_list("case_id", flat=True)) == [other.pk]
    mine = {b.shift_id: b for b in Booking.objects.filter(shift__in=[past, coming])}
    cleaned = Booking.objects.get(shift=past, name="某某")
    assert (cleaned.phone, cleaned.citizen_id) == ("", None)
    assert mine[coming.pk].phone == PHONE and mine[coming.pk].citizen_id == citizen.pk
    assert Booking.objects.get(shift=past, name="李四").phone == "13700009999"  # not theirs
    event = AuditEvent.objects.get(action="retention.anonymise_closed")
    assert event.data["messages"] == expected_messages and event.data["bookings"] == 1

    with freeze_time(LATER):
        again = actions.anonymise_closed(None)
    assert set(again.as_dict().values()) == {0}


def test_scrub_removes_email_addresses_too() -> None:
    from lianxi.retention.anonymise import scrub

    assert scrub("邮箱zhang.san@example.cn，电话13611112222", []) == "邮箱***，电话***"
