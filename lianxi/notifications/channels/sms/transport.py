"""SMS transports: `send()` hands one text to a provider and returns the provider's id for it,
or raises `TemporaryFailure` / `PermanentFailure` (channels/errors.py). `ref` is the platform's
own id for the message, the same on every attempt; a transport that can look a message up by
it (`find`) lets the sweep tell "sent, but the worker died before recording it" from "never
sent" (delivery.py). The console transport is for a local install only."""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from lianxi.lib.masking import mask_phone

logger = logging.getLogger("lianxi.sms")

# The kind of a sign-in code (sent with the provider's code template).
LOGIN_CODE_KIND = "accounts.request_login_code"


class SmsTransport(Protocol):
    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str: ...


class ConsoleSmsTransport:
    """Prints each text (the number masked): a developer's machine and the demo only."""

    def __init__(self) -> None:
        if settings.ENVIRONMENT != "local":
            raise ImproperlyConfigured("The console SMS transport works only with LIANXI_ENV=local")

    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        print(f"[SMS → {mask_phone(phone)}] {text}", flush=True)
        logger.info("sms %s sent to %s", ref, mask_phone(phone))
        return ref


def find_sent(transport: Any, phone: str, ref: str, since: datetime) -> str | None:
    """The provider's id of message `ref` if the provider has it, None if it has not, or
    None too when the transport cannot look messages up."""
    finder = getattr(transport, "find", None)
    return finder(phone, ref, since) if finder is not None else None


@functools.cache
def _transport(path: str) -> SmsTransport:
    return import_string(path)()  # type: ignore[no-any-return]


def sms_transport() -> SmsTransport:
    """The configured transport, built once (the provider's client keeps its connection)."""
    return _transport(settings.SMS_TRANSPORT)


def _forget(setting: str, **kwargs: Any) -> None:
    if setting.startswith("SMS_"):
        _transport.cache_clear()


setting_changed.connect(_forget)
