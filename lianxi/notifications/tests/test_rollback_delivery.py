"""quality.md row 27, the rollback half: a transaction whose action announced an event (and
so queued its notifications through the rules) and then rolled back leaves 0 outbox rows and
sends 0 messages to the provider; the same step committed sends its SMS exactly once.

The worker-kill half is test_worker_killed.py here and `make worker-kill` (bench/worker_kill.py)
with the real consumer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from freezegun import freeze_time

from conftest import World
from lianxi.cases import actions
from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.tests.smtp_sink import SmtpSink

# A weekday afternoon: no quiet hours, no holiday.
DAY = datetime.fromisoformat("2026-11-17T14:00:00+08:00")
PHONE = "13612345678"


class Undo(Exception):
    pass


def citizen_texts(fake: FakeTencentSms) -> list[str]:
    return [" ".join(s.params) for s in fake.sent if s.phone == "+86" + PHONE]


def citizen_sms(kind: str) -> OutboxMessage | None:
    """The SMS of `kind` to the citizen (recipients are encrypted: compared in Python)."""
    rows = OutboxMessage.objects.filter(kind=kind, channel="sms")
    return next((m for m in rows if m.recipient == PHONE), None)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_announcement_queues_and_sends_nothing(
    world: World, submit: Any, fake_sms: FakeTencentSms, smtp_sink: SmtpSink
) -> None:
    with freeze_time(DAY, tick=True):
        case = submit(world["citizen"], contact_phone=PHONE)
    received = len(citizen_texts(fake_sms))
    assert received == 1  # the intake's own text, sent after its commit
    before = OutboxMessage.objects.count()
    mails = len(smtp_sink.received)

    with freeze_time(DAY + timedelta(hours=1), tick=True):
        with pytest.raises(Undo), transaction.atomic():
            moved_to = actions.accept_case(
                world["committee"], case=case, deputy=world.deputy_a
            ).status
            assert citizen_sms("cases.accept") is not None  # the event's SMS was queued
            raise Undo
    assert OutboxMessage.objects.count() == before
    assert not OutboxMessage.objects.filter(kind="cases.accept").exists()
    assert len(citizen_texts(fake_sms)) == received
    assert len(smtp_sink.received) == mails
    case.refresh_from_db()
    assert case.status == "submitted" != moved_to

    # Committed, the same step reaches the provider once.
    with freeze_time(DAY + timedelta(hours=2), tick=True):
        actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    texts = citizen_texts(fake_sms)
    assert len(texts) == received + 1
    sms = citizen_sms("cases.accept")
    assert sms is not None and sms.status == "sent"
    assert fake_sms.sessions().count(f"lianxi-{sms.pk}") == 1
