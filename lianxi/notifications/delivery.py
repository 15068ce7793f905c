"""Send one outbox row through its channel's transport."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lianxi.notifications.channels.email.transport import send_email
from lianxi.notifications.models import Channel, OutboxMessage, Status

MAX_ATTEMPTS = 5


def sms_transport():  # type: ignore[no-untyped-def]
    return import_string(settings.SMS_TRANSPORT)()


def deliver(message_id: int) -> bool:
    """Idempotent: a message already sent is not sent again. Returns True when sent;
    a transport error is recorded on the row, then raised so huey retries."""
    error: Exception | None = None
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != Status.PENDING:
            return False
        if message.not_before is not None and message.not_before > timezone.now():
            return False  # quiet hours: its scheduled job (or the sweep) sends it later
        message.attempts += 1
        try:
            if message.channel == Channel.SMS:
                sms_transport().send(message.recipient, message.body)
            elif message.channel == Channel.EMAIL:
                send_email(message.recipient, message.subject, message.body)
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        except Exception as exc:  # a transport failure is recorded and retried
            message.last_error = str(exc)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Status.FAILED
            error = exc
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True
