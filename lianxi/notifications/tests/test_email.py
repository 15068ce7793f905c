"""E-mail through Django's SMTP backend to a local SMTP sink: text and HTML parts in the
platform's look, a refused address kept as failed with its reason, and the daily digest
(held e-mails of people who chose it, one message a day)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from lianxi.notifications import digest
from lianxi.notifications.actions import save_preferences
from lianxi.notifications.delivery import deliver
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.send import notify
from lianxi.notifications.tasks import send_digests
from lianxi.notifications.tests.smtp_sink import SmtpSink

TZ = timezone.get_fixed_timezone(8 * 60)


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.mark.django_db
def test_email_reaches_the_smtp_sink_as_text_and_html(smtp_sink: SmtpSink) -> None:
    message = OutboxMessage.objects.create(
        channel="email",
        recipient="li@example.cn",
        subject="诉求S1已交由您办理",
        body="诉求S1“电梯故障”已交由您办理：请直接答复或转交承办单位。",
        url="/work/cases/1/",
        dedupe_key="e1",
    )
    assert deliver(message.pk) is True
    [mail] = smtp_sink.received
    assert mail["To"] == "li@example.cn" and mail["Subject"] == "诉求S1已交由您办理"
    assert mail["Message-ID"] == f"<lianxi-{message.pk}@localhost>"
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None
    assert "请直接答复或转交承办单位" in text.get_content()
    assert "http://127.0.0.1:8000/work/cases/1/" in text.get_content()
    page = html.get_content()
    assert "#b3261e" in page and "示范市人大代表联络平台" in page  # the platform's look
    assert 'href="http://127.0.0.1:8000/work/cases/1/"' in page
    message.refresh_from_db()
    assert message.status == "sent" and message.provider_ref.startswith(f"lianxi-{message.pk}@")


@pytest.mark.django_db
def test_refused_address_fails_with_the_smtp_reason(smtp_sink: SmtpSink) -> None:
    smtp_sink.refuse = {"gone@example.cn"}
    message = OutboxMessage.objects.create(
        channel="email", recipient="gone@example.cn", body="x", dedupe_key="e2"
    )
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "failed" and message.last_error == "SMTP 550: recipient refused"
    assert not smtp_sink.received


@pytest.mark.django_db
def test_smtp_server_down_is_retried(settings: Any) -> None:
    from lianxi.notifications.tests.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        free_port(),
        False,
    )
    message = OutboxMessage.objects.create(
        channel="email", recipient="a@example.cn", body="x", dedupe_key="e3"
    )
    assert deliver(message.pk)  # the time of the next try
    message.refresh_from_db()
    assert message.status == "pending" and message.last_error.startswith("ConnectionRefusedError")


def digest_world(world: World) -> Any:
    deputy = world["deputy_a"]
    deputy.email = "li@example.cn"
    deputy.save(update_fields=["email"])
    save_preferences(deputy, choices={}, email_digest=True)
    return deputy


@pytest.mark.django_db(transaction=True)
def test_daily_digest_sends_held_emails_as_one(world: World, smtp_sink: SmtpSink) -> None:
    deputy = digest_world(world)
    other = world["deputy_b"]
    other.email = "wang@example.cn"
    other.save(update_fields=["email"])
    with time_machine.travel(at(10), tick=False):
        for n in (1, 2, 3):
            notify(
                [deputy, other],
                kind="cases.accept",
                family="cases",
                text=f"诉求S{n}已交由您办理。",
                key=f"d{n}",
                url=f"/work/cases/{n}/",
                channels=["inapp", "email"],
            )
    held = OutboxMessage.objects.filter(user=deputy, channel="email")
    assert set(held.values_list("status", flat=True)) == {"held"}
    assert len(smtp_sink.received) == 3  # the other deputy gets one e-mail per event
    with time_machine.travel(at(6, 30, day=11), tick=False):
        assert send_digests.call_local() == 0  # before 07:00 nothing goes
    with time_machine.travel(at(7, 10, day=11), tick=False):
        assert send_digests.call_local() == 1
        assert send_digests.call_local() == 0  # once a day
    digests = [m for m in smtp_sink.received if m["To"] == "li@example.cn"]
    [mail] = digests
    assert mail["Subject"] == "今日通知摘要：3条通知"
    html = mail.get_body(("html",)).get_content()
    for n in (1, 2, 3):
        assert f"诉求S{n}已交由您办理。" in html and f"/work/cases/{n}/" in html
    assert set(held.filter(kind="cases.accept").values_list("status", flat=True)) == {"sent"}
    row = OutboxMessage.objects.get(kind=digest.DIGEST_KIND)
    assert row.status == "sent" and row.user == deputy
