"""Production refuses to start without a real SMS provider: the console transport works only
with LIANXI_ENV=local, and `check --deploy` fails on it or on a half-configured provider."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
from lianxi.notifications.channels.sms.transport import ConsoleSmsTransport
from lianxi.notifications.tests.conftest import TENCENT


def ids(**kwargs: Any) -> set[str]:
    found = run_checks(tags=["notifications"], include_deployment_checks=True, **kwargs)
    return {message.id for message in found}


def test_a_local_install_may_print_texts() -> None:
    assert ids() == set()
    ConsoleSmsTransport()


def test_production_refuses_the_console(settings: Any) -> None:
    settings.ENVIRONMENT = "production"
    assert "lianxi.E202" in ids()
    with pytest.raises(SystemCheckError, match="LIANXI_ENV=local"):
        call_command("check", "--deploy", "--tag", "notifications")
    with pytest.raises(ImproperlyConfigured):
        ConsoleSmsTransport()


def test_production_refuses_a_half_configured_provider(
    settings: Any, fake_sms: FakeTencentSms
) -> None:
    settings.ENVIRONMENT = "production"
    settings.SMS_TRANSPORT = TENCENT
    settings.SMS_TENCENT = fake_sms.settings(SIGN_NAME="", CODE_TEMPLATE_ID="")
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", "--deploy", "--tag", "notifications")
    assert "SMS_TENCENT_SIGN_NAME, SMS_TENCENT_CODE_TEMPLATE_ID" in str(refused.value)


def test_production_with_provider_and_smtp_passes(settings: Any, fake_sms: FakeTencentSms) -> None:
    settings.ENVIRONMENT = "production"
    settings.SMS_TRANSPORT = TENCENT
    settings.SMS_TENCENT = fake_sms.settings()
    assert ids() == {"lianxi.W204"}  # no SMTP yet: a warning
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert ids() == set()
