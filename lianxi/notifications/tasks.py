from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lianxi.notifications.delivery import deliver
from lianxi.notifications.models import Channel, OutboxMessage, Status


@db_task(retries=4, retry_delay=30)
def deliver_message(message_id: int) -> bool:
    return deliver(message_id)


@db_task()
def deliver_batch(message_ids: list[int]) -> int:
    """Deliver many rows in one job (a notice to thousands); a row that fails gets a job of
    its own, which retries it."""
    sent = 0
    for message_id in message_ids:
        try:
            sent += bool(deliver(message_id))
        except Exception:  # recorded on the row by deliver(); retried alone
            deliver_message.schedule((message_id,), delay=30)
    return sent


@db_periodic_task(crontab(minute="*/5"))
def sweep_outbox() -> int:
    """Pick up messages whose first delivery was lost (worker down at commit time)."""
    stale = timezone.now() - timedelta(minutes=2)
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(status=Status.PENDING, created_at__lt=stale)
        .exclude(channel=Channel.INAPP)
        .exclude(not_before__gt=now)
        .values_list("pk", flat=True)[:500]
    )
    for message_id in ids:
        deliver_message(message_id)
    return len(ids)
