"""The Tencent Cloud SMS adapter (the official SDK) against a local endpoint that plays the
provider: success, throttling, a wrong key pair, an unapproved signature, a timeout, a refused
number. Temporary failures are retried later; final ones are kept with the provider's reason
for the administrator. No code and no full number reaches a log line."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
from lianxi.notifications.delivery import deliver
from lianxi.notifications.models import OutboxMessage

PHONE = "13812345678"


def row(text: str = "诉求S1已受理。", kind: str = "cases.accept") -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="sms", recipient=PHONE, body=text, kind=kind, dedupe_key=f"k{text}{kind}"
    )


def due_now(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        not_before=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_sent_through_the_notice_template(fake_sms: FakeTencentSms) -> None:
    message = row()
    assert deliver(message.pk) is True
    [sent] = fake_sms.sent
    assert sent.phone == "+86" + PHONE and sent.sign_name == "示范市人大"
    assert sent.template == "100001" and sent.params == ["诉求S1已受理。"]
    assert sent.session == f"lianxi-{message.pk}"
    message.refresh_from_db()
    assert message.status == "sent" and message.provider_ref == sent.serial


@pytest.mark.django_db
def test_sign_in_code_uses_the_code_template(fake_sms: FakeTencentSms) -> None:
    message = row(
        "【示范市】您的登录验证码为 482913，10分钟内有效。", "accounts.request_login_code"
    )
    assert deliver(message.pk) is True
    assert [(s.template, s.params) for s in fake_sms.sent] == [("100002", ["482913"])]


@pytest.mark.django_db
def test_throttled_then_sent_on_the_retry(fake_sms: FakeTencentSms) -> None:
    fake_sms.script = ["throttle"]
    message = row()
    retry_at = deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and retry_at == message.not_before
    assert message.last_error.startswith("RequestLimitExceeded")
    assert not fake_sms.sent
    due_now(message)
    assert deliver(message.pk) is True
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and message.last_error == ""
    assert len(fake_sms.sent) == 1


@pytest.mark.django_db
def test_timeout_is_retried_with_backoff(fake_sms: FakeTencentSms) -> None:
    fake_sms.script = ["timeout"]
    fake_sms.delay = 2.5  # the client waits 1 s
    message = row()
    before = timezone.now()
    retry_at = deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and message.last_error.startswith("ClientNetworkError")
    assert retry_at and retry_at - before >= timedelta(seconds=30)
    due_now(message)
    assert deliver(message.pk) is True


@pytest.mark.django_db
def test_wrong_key_pair_fails_at_once(fake_sms: FakeTencentSms, settings: Any) -> None:
    settings.SMS_TENCENT = fake_sms.settings(SECRET_KEY="not-the-key")
    message = row()
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1
    assert message.last_error.startswith("AuthFailure.SignatureFailure")


@pytest.mark.django_db
def test_unapproved_sms_signature_fails_with_the_reason(
    fake_sms: FakeTencentSms, settings: Any
) -> None:
    settings.SMS_TENCENT = fake_sms.settings(SIGN_NAME="未审批的签名")
    message = row()
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "failed"
    assert message.last_error == (
        "FailedOperation.SignatureIncorrectOrUnapproved: 签名未审批或格式错误。"
    )


@pytest.mark.django_db
def test_refused_number_fails_without_a_retry(fake_sms: FakeTencentSms) -> None:
    fake_sms.script = ["fail"]
    message = row()
    assert deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "failed" and message.not_before is None
    assert message.last_error.startswith("FailedOperation.PhoneNumberInBlacklist")


@pytest.mark.django_db
def test_provider_finds_a_message_by_its_reference(fake_sms: FakeTencentSms) -> None:
    from lianxi.notifications.channels.sms.transport import sms_transport

    since = timezone.now()
    serial = sms_transport().send(PHONE, "x", ref="lianxi-77")
    transport: Any = sms_transport()
    assert transport.find(PHONE, "lianxi-77", since) == serial
    assert transport.find(PHONE, "lianxi-78", since) is None


@pytest.mark.django_db
def test_no_code_or_number_in_any_log_line(
    fake_sms: FakeTencentSms, caplog: Any, client: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_sms.script = ["throttle", "ok"]
    response = client.post("/accounts/citizen/", {"step": "send", "phone": PHONE})
    assert response.status_code in {200, 302}
    message = OutboxMessage.objects.get(channel="sms")
    for _attempt in range(2):  # throttled, then sent
        due_now(message)
        deliver(message.pk)
    [sent] = fake_sms.sent
    code = sent.params[0]
    assert len(code) == 6 and code in message.body
    assert caplog.records  # the deliveries and the throttling were logged
    for record in caplog.records:
        line = record.getMessage()
        assert PHONE not in line and code not in line, line
