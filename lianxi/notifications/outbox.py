"""Queue a message inside the caller's transaction; deliver it only after commit."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

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
    fresh: bool = False,
) -> OutboxMessage:
    key = dedupe_key or uuid.uuid4().hex
    # Insert first: a new key (the usual case) costs one statement, a repeat one more.
    # `fresh` callers know the key cannot exist yet (it names a row made in this transaction),
    # so they skip the savepoint too.
    try:
        with transaction.atomic(savepoint=not fresh):
            message = OutboxMessage.objects.create(
                dedupe_key=key,
                channel=channel,
                body=body,
                recipient=recipient,
                user=user,
                subject=subject,
            )
    except IntegrityError:
        return OutboxMessage.objects.get(dedupe_key=key)
    if channel != Channel.INAPP:
        from lianxi.notifications.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message(message.pk))
    return message
