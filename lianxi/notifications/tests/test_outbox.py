"""Transactional outbox: nothing from rolled-back work, delivered once, failures recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from lianxi.notifications.delivery import deliver
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.outbox import enqueue


class Boom(Exception):
    pass


class FailingTransport:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("provider down")


@pytest.mark.django_db(transaction=True)
def test_rolled_back_work_sends_nothing(capsys: Any) -> None:
    with pytest.raises(Boom), transaction.atomic():
        enqueue("sms", "你好", recipient="13812345678", dedupe_key="t1")
        raise Boom
    assert not OutboxMessage.objects.exists()
    assert "你好" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_committed_message_is_delivered_once(capsys: Any) -> None:
    with transaction.atomic():
        message = enqueue("sms", "验证码 123456", recipient="13812345678", dedupe_key="t2")
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1
    out = capsys.readouterr().out
    assert "138****5678" in out and "13812345678" not in out
    assert deliver(message.pk) is False  # a second delivery does nothing
    again = enqueue("sms", "验证码 123456", recipient="13812345678", dedupe_key="t2")
    assert again.pk == message.pk  # the dedupe key makes enqueueing idempotent


@pytest.mark.django_db
def test_transport_failure_is_recorded(settings: Any) -> None:
    settings.SMS_TRANSPORT = "lianxi.notifications.tests.test_outbox.FailingTransport"
    message = OutboxMessage.objects.create(
        channel="sms", recipient="13812345678", body="x", dedupe_key="t3"
    )
    with pytest.raises(ConnectionError):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert "provider down" in message.last_error


@pytest.mark.django_db
def test_email_goes_through_django_mail(mailoutbox: Any) -> None:
    message = OutboxMessage.objects.create(
        channel="email", recipient="a@example.cn", subject="通知", body="内容", dedupe_key="t4"
    )
    assert deliver(message.pk) is True
    assert [m.to for m in mailoutbox] == [["a@example.cn"]]
