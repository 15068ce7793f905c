"""System checks: production refuses to start without a real SMS provider (sign-in codes
would otherwise land in logs and citizens could not sign in) and warns without SMTP."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from lianxi.notifications.channels.sms.tencent import TencentSmsTransport, missing_settings
from lianxi.notifications.channels.sms.transport import ConsoleSmsTransport


@register("notifications")
def sms_provider(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if settings.ENVIRONMENT == "local":
        return []
    errors: list[Any] = []
    try:
        transport = import_string(settings.SMS_TRANSPORT)
    except ImportError:
        return [
            Error(f"SMS_TRANSPORT {settings.SMS_TRANSPORT!r} cannot be imported.", id="lianxi.E201")
        ]
    if transport is ConsoleSmsTransport:
        errors.append(
            Error(
                "The console SMS transport works only with LIANXI_ENV=local.",
                hint="Set SMS_TRANSPORT to lianxi.notifications.channels.sms.tencent."
                "TencentSmsTransport and the SMS_TENCENT_* variables.",
                id="lianxi.E202",
            )
        )
    elif transport is TencentSmsTransport and missing_settings():
        errors.append(
            Error(
                "Tencent Cloud SMS is not configured: " + ", ".join(missing_settings()),
                id="lianxi.E203",
            )
        )
    return errors


@register("notifications", deploy=True)
def smtp(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if settings.ENVIRONMENT == "local" or settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return []
    return [
        Warning(
            "E-mail is not sent through SMTP in production.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_USE_TLS, EMAIL_HOST_USER, "
            "EMAIL_HOST_PASSWORD).",
            id="lianxi.W204",
        )
    ]
