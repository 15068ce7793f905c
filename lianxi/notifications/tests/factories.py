"""In-app notifications for tests, written as `notify()` writes them."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from lianxi.notifications.models import OutboxMessage


def note(
    user: Any,
    text: str = "诉求S1“电梯故障”已交由您办理：请直接答复或转交承办单位。",
    *,
    family: str = "cases",
    url: str = "",
    read: bool = False,
    kind: str = "cases.accept",
) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="inapp",
        user=user,
        body=text,
        dedupe_key=uuid.uuid4().hex,
        kind=kind,
        family=family,
        url=url,
        status="sent",
        sent_at=timezone.now(),
        read_at=timezone.now() if read else None,
    )
