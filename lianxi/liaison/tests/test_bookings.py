"""Bookings never exceed a shift's capacity, even when requests arrive together."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection
from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.liaison import actions
from lianxi.liaison.models import Booking, Shift
from lianxi.notifications.models import OutboxMessage


def test_book_confirm_and_cancel(world: World, make_shift: Any) -> None:
    shift = make_shift(capacity=1)
    with pytest.raises(InvalidInput) as exc:
        actions.book_place(world["citizen"], shift=shift, name="张三", phone="123")
    assert exc.value.field == "phone"
    booking = actions.book_place(world["citizen"], shift=shift, name="张三", phone="13700001111")
    assert OutboxMessage.objects.filter(dedupe_key__startswith=f"liaison:booking:{booking.pk}")
    with pytest.raises(IllegalTransition, match="名额已满"):
        actions.book_place(AnonymousUser(), shift=shift, name="李四", phone="13700002222")
    with pytest.raises(NotAllowed):
        actions.cancel_booking(world["staff_b"], booking=booking)
    actions.cancel_booking(world["citizen"], booking=booking)
    shift.refresh_from_db()
    assert shift.booked == 0
    actions.book_place(AnonymousUser(), shift=shift, name="李四", phone="13700002222")


def test_the_database_refuses_overbooking(world: World, make_shift: Any) -> None:
    shift = make_shift(capacity=1)
    with pytest.raises(IntegrityError):
        Shift.objects.filter(pk=shift.pk).update(booked=2)


def test_reminders_sent_once(world: World, make_shift: Any) -> None:
    shift = make_shift(days=1, hour=10)
    actions.book_place(AnonymousUser(), shift=shift, name="李四", phone="13700002222")
    with freeze_time(shift.starts_at - timezone.timedelta(hours=3)):
        assert actions.send_booking_reminders(None) == 1
        assert actions.send_booking_reminders(None) == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_capacity(world: World, make_shift: Any) -> None:
    shift = make_shift(capacity=3)
    n = 10
    start = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(i: int) -> None:
        try:
            start.wait()
            try:
                actions.book_place(
                    AnonymousUser(), shift=shift, name=f"市民{i}", phone=f"137000030{i:02d}"
                )
                result = "ok"
            except IllegalTransition:
                result = "full"
            except Exception as exc:  # SQLite: a writer that waited too long
                result = type(exc).__name__
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shift.refresh_from_db()
    assert outcomes.count("ok") == 3, outcomes
    assert shift.booked == 3
    assert Booking.objects.filter(shift=shift, status="booked").count() == 3
