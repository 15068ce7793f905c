"""Queue a message inside the caller's transaction; deliver it only after commit."""

from __future__ import annotations

import uuid

from django.db import transaction

from lianxi.accounts.models import User
from lianxi.notifications.models import Channel, OutboxMessage


def enqueue(
    channel: str,
    body: str,
    *,
    recipient: str = "",
    user: User | None = None,
    subject: str = "",
    dedupe_key: str | None = None,
) -> OutboxMessage:
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key or uuid.uuid4().hex,
        defaults={
            "channel": channel,
            "body": body,
            "recipient": recipient,
            "user": user,
            "subject": subject,
        },
    )
    if channel != Channel.INAPP:
        from lianxi.notifications.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message(message.pk))
    return message
