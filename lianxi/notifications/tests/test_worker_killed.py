"""A worker killed between commit and send loses nothing and sends nothing twice.

The worker here is a real child process (fork) that claims a committed message and is killed
with SIGKILL before or after it reached the provider; the sweep that runs once the claim's
lease is over recovers the message: it asks the provider for the message's own reference and
sends it only if the provider does not have it. A message whose delivery job was lost (no
worker ran at commit) is sent once by the sweep, however often the sweep runs."""

from __future__ import annotations

import multiprocessing
import os
import signal
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connections
from django.utils import timezone

from lianxi.notifications import delivery
from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
from lianxi.notifications.channels.sms.tencent import TencentSmsTransport
from lianxi.notifications.channels.sms.transport import sms_transport
from lianxi.notifications.delivery import LEASE, deliver
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.tasks import sweep_outbox
from lianxi.notifications.tests.smtp_sink import SmtpSink

HERE = "lianxi.notifications.tests.test_worker_killed"
_kept: list[Any] = []


class KilledBeforeSend(TencentSmsTransport):
    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        return die()


class KilledAfterSend(TencentSmsTransport):
    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        super().send(phone, text, ref=ref, kind=kind)
        return die()


def die(*args: Any, **kwargs: Any) -> str:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def worker(message_id: int, transport: str) -> None:
    """The child: its own database connection (the parent's stays untouched: SIGKILL runs no
    clean-up), then one delivery through a transport that dies ("email": before SMTP)."""
    for conn in connections.all(initialized_only=True):
        _kept.append(conn.connection)
        conn.connection = None
    if transport == "email":
        delivery.email.send_email = die  # type: ignore[assignment]
    else:
        settings.SMS_TRANSPORT = transport
    deliver(message_id)


def kill_worker_on(message_id: int, transport: str) -> None:
    child = multiprocessing.get_context("fork").Process(target=worker, args=(message_id, transport))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL


def committed(channel: str = "sms") -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel=channel,
        recipient="13812345678" if channel == "sms" else "li@example.cn",
        body="诉求S1已交由您办理。",
        kind="cases.accept",
        dedupe_key=f"w-{channel}",
    )


def sweep_later(minutes: float) -> int:
    with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
        return int(sweep_outbox.call_local())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("death", ["KilledBeforeSend", "KilledAfterSend"])
def test_killed_worker_loses_nothing_and_sends_nothing_twice(
    fake_sms: FakeTencentSms, death: str
) -> None:
    message = committed()
    kill_worker_on(message.pk, f"{HERE}.{death}")
    message.refresh_from_db()
    assert message.status == "sending" and message.attempts == 1
    reached = len(fake_sms.sent)
    assert reached == (1 if death == "KilledAfterSend" else 0)
    assert sms_transport().__class__ is TencentSmsTransport  # the parent's own transport

    assert sweep_later(1) == 0  # the claim is still fresh: nobody else touches the row
    message.refresh_from_db()
    assert message.status == "sending"

    sweep_later(LEASE.total_seconds() / 60 + 1)
    sweep_later(LEASE.total_seconds() / 60 + 10)  # a second sweep changes nothing
    message.refresh_from_db()
    assert message.status == "sent"
    assert fake_sms.sessions() == [f"lianxi-{message.pk}"]  # exactly one text reached the phone
    assert message.provider_ref == fake_sms.sent[0].serial


@pytest.mark.django_db(transaction=True)
def test_message_whose_job_was_lost_is_sent_once_by_the_sweep(fake_sms: FakeTencentSms) -> None:
    message = committed()  # written, but no worker ran when it was committed
    assert sweep_later(0) == 0  # young rows are left to their own job
    for minutes in (3, 8, 13):
        sweep_later(minutes)
    message.refresh_from_db()
    assert message.status == "sent" and fake_sms.sessions() == [f"lianxi-{message.pk}"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_both_send(fake_sms: FakeTencentSms) -> None:
    from concurrent.futures import ThreadPoolExecutor

    messages = [
        OutboxMessage.objects.create(
            channel="sms", recipient="13812345678", body=f"m{i}", dedupe_key=f"two{i}"
        )
        for i in range(20)
    ]
    ids = [m.pk for m in messages]

    def run(order: list[int]) -> int:
        try:
            return sum(deliver(pk) is True for pk in order)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(run, [ids, ids[::-1]]))
    assert sum(counts) == 20
    assert sorted(fake_sms.sessions()) == sorted(f"lianxi-{pk}" for pk in ids)


@pytest.mark.django_db(transaction=True)
def test_email_after_a_killed_worker_keeps_its_message_id(smtp_sink: SmtpSink) -> None:
    """SMTP cannot be asked what it received: a message whose worker died before reaching the
    server is sent by the sweep, with the Message-ID every attempt carries."""
    message = committed("email")
    kill_worker_on(message.pk, "email")

    message.refresh_from_db()
    assert message.status == "sending" and not smtp_sink.received
    sweep_later(LEASE.total_seconds() / 60 + 1)
    message.refresh_from_db()
    assert message.status == "sent"
    assert [m["Message-ID"] for m in smtp_sink.received] == [f"<lianxi-{message.pk}@localhost>"]
