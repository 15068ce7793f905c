"""Send one outbox row through its channel, at most once per claim.

A worker first *claims* its rows (one UPDATE for a batch, committed: pending → sending,
attempts + 1, the claim's own token), then talks to the provider outside any transaction, one
message at a time. Failures are recorded at once; successes a few at a time (every
`RECORD_EVERY` messages or `RECORD_WITHIN` seconds, one commit for them all), because a
commit per message was half the worker's time. A worker killed before recording leaves its
last few sent rows "sending", which the sweep below settles as it settles any claim. Two workers never
hold the same row. A worker killed after claiming leaves the row "sending"; once its lease has
run out the sweep (`recover`) asks the provider whether it has the message under the row's
own reference (`ref`, sent as the SMS session context and the e-mail Message-ID) and only
sends it again if the provider has not. A failure is retried with growing delays until
MAX_ATTEMPTS, or marked failed at once when the provider's answer is final."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from lianxi.notifications import digest
from lianxi.notifications.channels.email import transport as email
from lianxi.notifications.channels.errors import DeliveryError, TemporaryFailure
from lianxi.notifications.channels.sms.transport import find_sent, sms_transport
from lianxi.notifications.models import Channel, OutboxMessage, Status

logger = logging.getLogger("lianxi.notifications")

MAX_ATTEMPTS = 5
BACKOFF = (30, 120, 600, 1800)  # seconds before attempt 2, 3, 4, 5
LEASE = timedelta(minutes=5)
RECORD_EVERY = 25
RECORD_WITHIN = 1.0  # seconds


def ref_of(message: OutboxMessage) -> str:
    """The platform's own id for the message, the same on every attempt."""
    return f"lianxi-{message.pk}"


def backoff(attempts: int) -> int:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def claim(ids: list[int], now: datetime | None = None) -> list[OutboxMessage]:
    """Take the rows of `ids` that are due and free for sending (one UPDATE, committed at
    once); the rows taken, in order. Rows someone else holds or that are not due are left."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    due = Q(not_before__isnull=True) | Q(not_before__lte=now)
    OutboxMessage.objects.filter(due, pk__in=ids, status=Status.PENDING).exclude(
        channel=Channel.INAPP
    ).update(status=Status.SENDING, claimed_at=now, claimed_by=token, attempts=F("attempts") + 1)
    return list(
        OutboxMessage.objects.filter(pk__in=ids, claimed_by=token, status=Status.SENDING).order_by(
            "pk"
        )
    )


def transmit(message: OutboxMessage, mailer: email.Mailer) -> str:
    """Hand the message to its channel; the provider's id for it."""
    ref = ref_of(message)
    if message.channel == Channel.SMS:
        return sms_transport().send(message.recipient, message.body, ref=ref, kind=message.kind)
    if message.channel == Channel.EMAIL and message.kind == digest.DIGEST_KIND:
        rows = digest.members(message)
        lines = [{"text": row.body, "url": email.absolute(row.url)} for row in rows]
        context = {"subject": message.subject, "intro": digest.intro(len(rows)), "lines": lines}
        return mailer.send(email.build(message.recipient, message.subject, context, ref))
    if message.channel == Channel.EMAIL:
        subject = message.subject or message.body[:60]
        return email.send_email(
            message.recipient, subject, message.body, ref=ref, url=message.url, mailer=mailer
        )
    raise DeliveryError(f"no transport for {message.channel}")


def _mine(message: OutboxMessage) -> Any:
    return OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING)


def sent(message: OutboxMessage, provider_ref: str) -> None:
    _mine(message).update(
        status=Status.SENT, sent_at=timezone.now(), provider_ref=provider_ref[:100], last_error=""
    )


def failed(message: OutboxMessage, error: DeliveryError) -> datetime | None:
    """Record the failure; when it is worth another try, the time of that try."""
    final = error.permanent or message.attempts >= MAX_ATTEMPTS
    retry_at = None if final else timezone.now() + timedelta(seconds=backoff(message.attempts))
    _mine(message).update(
        status=Status.FAILED if final else Status.PENDING,
        not_before=retry_at if retry_at is not None else F("not_before"),
        last_error=error.reason,
    )
    logger.warning(
        "%s message %s failed (attempt %s%s): %s",
        message.channel,
        message.pk,
        message.attempts,
        ", final" if final else "",
        error.reason,
    )
    return retry_at


class Recorder:
    """Successes waiting to be written: one UPDATE and one commit for many."""

    def __init__(self) -> None:
        self.pending: dict[int, tuple[str, datetime]] = {}
        self.since = time.monotonic()

    def add(self, message: OutboxMessage, provider_ref: str) -> None:
        self.pending[message.pk] = (provider_ref[:100], timezone.now())
        if len(self.pending) >= RECORD_EVERY or time.monotonic() - self.since >= RECORD_WITHIN:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            # One statement per row, sent together in one transaction: building a CASE over
            # 25 rows through the ORM cost more CPU than sending the messages.
            table = OutboxMessage._meta.db_table
            sql = (
                f"UPDATE {table} SET status = %s, provider_ref = %s, sent_at = %s, "  # noqa: S608 - the model's own table name
                "last_error = '' WHERE id = %s AND status = %s"
            )
            adapt = connection.ops.adapt_datetimefield_value
            rows = [
                (Status.SENT, ref, adapt(at), pk, Status.SENDING)
                for pk, (ref, at) in self.pending.items()
            ]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            self.pending = {}
        self.since = time.monotonic()


def deliver_many(ids: list[int]) -> dict[int, bool | datetime]:
    """Send the rows of `ids` that are due and free; failures recorded at once, successes a
    few at a time and all of them before returning. Per id: True when sent, the time of the
    next try after a temporary failure; ids not taken (not due, held elsewhere, done) are
    left out."""
    outcomes: dict[int, bool | datetime] = {}
    mailer = email.Mailer()
    recorder = Recorder()
    try:
        for message in claim(ids):
            try:
                provider_ref = transmit(message, mailer)
            except DeliveryError as exc:
                outcomes[message.pk] = failed(message, exc) or False
                continue
            except Exception as exc:  # an unexpected error from a library: retry it later
                reason = TemporaryFailure(f"{type(exc).__name__}: {exc}")
                outcomes[message.pk] = failed(message, reason) or False
                continue
            recorder.add(message, provider_ref)
            outcomes[message.pk] = True
    finally:
        try:
            recorder.flush()
        finally:
            mailer.close()
    return outcomes


def deliver(message_id: int) -> bool | datetime:
    """One row: True when sent, False when there was nothing to do or it failed for good, or
    the time of the next try after a temporary failure."""
    return deliver_many([message_id]).get(message_id, False)


def recover(now: datetime | None = None) -> list[int]:
    """Rows claimed by a worker that died: those the provider already has are marked sent,
    the others go back to pending. Returns the ids to send again."""
    now = now or timezone.now()
    stale = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - LEASE)
    again = []
    for message in stale[:500]:
        provider_ref = None
        if message.channel == Channel.SMS:
            try:
                provider_ref = find_sent(
                    sms_transport(), message.recipient, ref_of(message), message.claimed_at or now
                )
            except DeliveryError:
                continue  # cannot ask now: leave it claimed, the next sweep asks again
        if provider_ref is not None:
            sent(message, provider_ref)
            continue
        # The attempt that died is not counted against the message.
        _mine(message).update(status=Status.PENDING, attempts=F("attempts") - 1)
        again.append(message.pk)
    return again
