"""A fake Tencent Cloud SMS endpoint and a local SMTP sink, wired into the settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
from lianxi.notifications.tests.smtp_sink import SmtpSink

TENCENT = "lianxi.notifications.channels.sms.tencent.TencentSmsTransport"


@pytest.fixture
def fake_sms(settings: Any) -> Iterator[FakeTencentSms]:
    fake = FakeTencentSms().start()
    settings.SMS_TENCENT = fake.settings()
    settings.SMS_TRANSPORT = TENCENT
    yield fake
    fake.stop()


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    for name, value in sink.settings().items():
        setattr(settings, name, value)
    yield sink
    sink.stop()
