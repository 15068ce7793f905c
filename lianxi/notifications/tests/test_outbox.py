"""Transactional outbox: nothing from rolled-back work, delivered once, failures recorded and
retried with growing delays, final failures kept with their reason."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from lianxi.notifications.channels.errors import PermanentFailure, TemporaryFailure
from lianxi.notifications.delivery import BACKOFF, MAX_ATTEMPTS, deliver
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.outbox import enqueue


class Boom(Exception):
    pass


class FailingTransport:
    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        raise TemporaryFailure("provider down")


class RefusingTransport:
    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        raise PermanentFailure("FailedOperation.PhoneNumberInBlacklist: 13812345678 refused")


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
    assert message.provider_ref == f"lianxi-{message.pk}"
    out = capsys.readouterr().out
    assert "138****5678" in out and "13812345678" not in out
    assert deliver(message.pk) is False  # a second delivery does nothing
    again = enqueue("sms", "验证码 123456", recipient="13812345678", dedupe_key="t2")
    assert again.pk == message.pk  # the dedupe key makes enqueueing idempotent


@pytest.mark.django_db
def test_temporary_failure_is_retried_with_growing_delays(settings: Any) -> None:
    settings.SMS_TRANSPORT = "lianxi.notifications.tests.test_outbox.FailingTransport"
    message = OutboxMessage.objects.create(
        channel="sms", recipient="13812345678", body="x", dedupe_key="t3"
    )
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        before = timezone.now()
        retry_at = deliver(message.pk)
        message.refresh_from_db()
        assert message.attempts == attempt and "provider down" in message.last_error
        if attempt < MAX_ATTEMPTS:
            assert message.status == "pending" and retry_at == message.not_before
            assert deliver(message.pk) is False  # not due yet: nothing is sent early
            delays.append(round((message.not_before - before).total_seconds()))
            OutboxMessage.objects.filter(pk=message.pk).update(
                not_before=timezone.now() - timedelta(seconds=1)
            )
        else:
            assert message.status == "failed" and retry_at is False
    assert delays == list(BACKOFF)


@pytest.mark.django_db
def test_permanent_failure_is_final_with_the_reason_masked(settings: Any) -> None:
    settings.SMS_TRANSPORT = "lianxi.notifications.tests.test_outbox.RefusingTransport"
    message = OutboxMessage.objects.create(
        channel="sms", recipient="13812345678", body="x", dedupe_key="t5"
    )
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1
    assert message.last_error == "FailedOperation.PhoneNumberInBlacklist: 138****5678 refused"


@pytest.mark.django_db
def test_email_goes_through_django_mail(mailoutbox: Any) -> None:
    message = OutboxMessage.objects.create(
        channel="email",
        recipient="a@example.cn",
        subject="通知",
        body="内容",
        dedupe_key="t4",
        url="/work/cases/1/",
    )
    assert deliver(message.pk) is True
    [mail] = mailoutbox
    assert mail.to == ["a@example.cn"] and mail.subject == "通知"
    assert mail.extra_headers["Message-ID"] == f"<lianxi-{message.pk}@localhost>"
    html, mime = mail.alternatives[0]
    assert mime == "text/html" and "内容" in html and "/work/cases/1/" in html
    assert "内容" in mail.body and "http://127.0.0.1:8000/work/cases/1/" in mail.body


class CountingTransport:
    def __init__(self) -> None:
        self.refs: list[str] = []

    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        self.refs.append(ref)
        return f"provider-{ref}"


@pytest.mark.django_db
def test_successes_are_recorded_a_few_at_a_time(settings: Any, monkeypatch: Any) -> None:
    """30 texts in one batch: two UPDATEs mark them sent (25, then the last 5), each row with
    its own provider id and time; none is left "sending"."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianxi.notifications import delivery
    from lianxi.notifications.models import Status
    from lianxi.notifications.outbox import message

    transport = CountingTransport()
    monkeypatch.setattr(delivery, "sms_transport", lambda: transport)
    rows = [
        message("sms", f"第{i}条", recipient=f"1381234{i:04d}", dedupe_key=f"b{i}")
        for i in range(30)
    ]
    OutboxMessage.objects.bulk_create(rows)  # written, no delivery job queued
    ids = list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        outcomes = delivery.deliver_many(ids)
    assert outcomes == dict.fromkeys(ids, True)
    marks = [q for q in queries if "UPDATE" in q["sql"] and "provider_ref" in q["sql"]]
    assert len(marks) == 2 == -(-30 // delivery.RECORD_EVERY)
    stored = list(OutboxMessage.objects.order_by("pk"))
    assert {m.status for m in stored} == {Status.SENT}
    assert [m.provider_ref for m in stored] == [f"provider-lianxi-{pk}" for pk in ids]
    assert all(m.sent_at is not None for m in stored)
    assert len(transport.refs) == 30
