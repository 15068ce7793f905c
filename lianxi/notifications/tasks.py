from datetime import datetime, timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lianxi.notifications import digest
from lianxi.notifications.delivery import deliver, deliver_many, recover
from lianxi.notifications.models import Channel, OutboxMessage, Status


def _retry_later(message_id: int, outcome: bool | datetime) -> None:
    if isinstance(outcome, datetime):
        deliver_message.schedule((message_id,), eta=outcome)


@db_task()
def deliver_message(message_id: int) -> bool:
    outcome = deliver(message_id)
    _retry_later(message_id, outcome)
    return outcome is True


@db_task()
def deliver_batch(message_ids: list[int]) -> int:
    """Deliver many rows in one job (a notice to thousands); a row that failed for now gets a
    job of its own at the time of its next try."""
    outcomes = deliver_many(message_ids)
    for message_id, outcome in outcomes.items():
        _retry_later(message_id, outcome)
    return sum(outcome is True for outcome in outcomes.values())


@db_periodic_task(crontab(minute="*/5"))
def sweep_outbox() -> int:
    """Pick up messages whose delivery was lost: queued while no worker ran, due after a
    failure whose retry job was lost, or claimed by a worker that died."""
    now = timezone.now()
    stale = now - timedelta(minutes=2)
    again = recover(now)
    ids = list(
        OutboxMessage.objects.filter(status=Status.PENDING, created_at__lt=stale)
        .exclude(channel=Channel.INAPP)
        .exclude(not_before__gt=now)
        .values_list("pk", flat=True)[:500]
    )
    ids = sorted(set(ids) | set(again))
    if ids:
        deliver_batch(ids)
    return len(ids)


@db_periodic_task(crontab(minute="10"))
def send_digests() -> int:
    """Every hour; from 07:00 local time each person with held e-mails gets today's digest."""
    return digest.compose()
