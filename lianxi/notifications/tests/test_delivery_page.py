"""The delivery page: administrators and committee staff see lag and failures per channel and
resend failed messages (an audited action, also `manage.py resend_failed`); every other role
gets the same 404 as a missing page."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World, force_login
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.notifications import report
from lianxi.notifications.actions import resend_failed
from lianxi.notifications.models import OutboxMessage

PAGE = "/notifications/delivery/"
RESEND = "/notifications/delivery/resend/"


def sent(channel: str, seconds: float, n: int) -> None:
    now = timezone.now()
    for i in range(n):
        OutboxMessage.objects.create(
            channel=channel,
            recipient="13812345678" if channel == "sms" else "a@example.cn",
            body="x",
            status="sent",
            sent_at=now,
            dedupe_key=f"{channel}{seconds}{i}",
        )
    OutboxMessage.objects.filter(sent_at=now).update(created_at=now - timedelta(seconds=seconds))


def failed(
    channel: str = "sms", reason: str = "FailedOperation.PhoneNumberInBlacklist: 黑名单"
) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel=channel,
        recipient="13812345678" if channel == "sms" else "li@example.cn",
        body="诉求S1已受理",
        kind="cases.accept",
        status="failed",
        attempts=5,
        last_error=reason,
        dedupe_key=f"f{channel}{reason}",
    )


def test_percentile_is_nearest_rank() -> None:
    assert report.percentile([], 0.5) is None
    assert report.percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert report.percentile([float(n) for n in range(1, 101)], 0.95) == 95.0


@pytest.mark.django_db
def test_figures_per_channel() -> None:
    sent("sms", 1, 18)
    sent("sms", 10, 2)
    sent("email", 2, 5)
    failed("sms")
    OutboxMessage.objects.create(
        channel="email", recipient="b@example.cn", body="x", dedupe_key="p"
    )
    figures = {f.channel: f for f in report.figures()}
    sms, email = figures["sms"], figures["email"]
    assert (sms.sent, sms.failed, sms.waiting) == (20, 1, 0)
    assert sms.lag_p50 == pytest.approx(1, abs=0.5) and sms.lag_p95 == pytest.approx(10, abs=0.5)
    assert (email.sent, email.failed, email.waiting) == (5, 0, 1)
    assert email.lag_p95 == pytest.approx(2, abs=0.5)


def test_admin_and_committee_see_the_page(login: Any, world: World) -> None:
    failed("sms")
    failed("email", "SMTP 550: recipient refused")
    for persona in ("admin", "committee"):
        page = login(world[persona]).get(PAGE).content.decode()
        assert "消息送达" in page and "失败的消息" in page
        assert "FailedOperation.PhoneNumberInBlacklist: 黑名单" in page
        assert "SMTP 550: recipient refused" in page
        assert "138****5678" in page and "13812345678" not in page
        assert "l***@example.cn" in page and "诉求S1已受理" not in page  # no bodies here
        assert 'href="/notifications/delivery/"' in page  # in the "more work" menu


def test_other_roles_get_404_and_no_link(login: Any, world: World) -> None:
    message = failed()
    for persona in ("citizen", "deputy_a", "staff_a", "handler_x"):
        client = login(world[persona])
        assert client.get(PAGE).status_code == 404
        assert client.post(RESEND).status_code == 404
        assert (
            'href="/notifications/delivery/"' not in client.get("/notifications/").content.decode()
        )
    message.refresh_from_db()
    assert message.status == "failed"


def test_anonymous_is_sent_to_sign_in(client: Any, db: Any) -> None:
    assert client.get(PAGE).status_code == 302
    assert client.post(RESEND).status_code == 302


def test_resend_button_queues_failed_again_and_is_audited(
    login: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    sms = failed("sms")
    email = failed("email", "SMTP 550: recipient refused")
    client = login(world["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, {"channel": "sms"})
    assert response.status_code == 302 and response["Location"] == PAGE
    sms.refresh_from_db()
    email.refresh_from_db()
    # Delivered after commit by the console transport (tests run the queue at once).
    assert sms.status == "sent" and sms.attempts == 1 and sms.last_error == ""
    assert email.status == "failed"
    event = AuditEvent.objects.get(action="notifications.resend_failed")
    assert event.actor == world["committee"] and event.data == {"channel": "sms", "count": 1}
    assert "1条消息已重新排队发送" in client.get(PAGE).content.decode()


def test_resend_refusals(world: World) -> None:
    with pytest.raises(NotAllowed):
        resend_failed(world["deputy_a"])
    with pytest.raises(InvalidInput):
        resend_failed(world["admin"], channel="inapp")
    assert AuditEvent.objects.filter(
        action="notifications.resend_failed", outcome="denied"
    ).exists()


def test_resend_command(db: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    failed("email", "SMTP 421: try later")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resend_failed", "--channel", "email", stdout=out)
    assert "1 messages queued again" in out.getvalue()
    assert [m.to for m in mailoutbox] == [["li@example.cn"]]
    assert AuditEvent.objects.filter(action="notifications.resend_failed", actor=None).exists()


def test_resend_from_the_admin_url_is_csrf_protected(world: World) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    force_login(client, world["admin"])
    assert client.post(RESEND).status_code == 403
    assert reverse("notifications:resend") == RESEND
