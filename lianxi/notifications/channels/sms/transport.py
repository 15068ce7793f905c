"""SMS transports. No SMS provider can be reached here: the default transport writes each
message to the console (the outbox table keeps the copy administrators see). A provider's
transport implements the same `send(phone, text)`."""

from __future__ import annotations

import logging
from typing import Protocol

from lianxi.lib.masking import mask_phone

logger = logging.getLogger("lianxi.sms")


class SmsTransport(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsTransport:
    def send(self, phone: str, text: str) -> None:
        # The number is masked even here: console output ends up in logs (quality.md 13).
        print(f"[SMS → {mask_phone(phone)}] {text}", flush=True)
        logger.info("sms sent to %s", mask_phone(phone))
