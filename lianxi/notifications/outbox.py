"""Queue messages inside the caller's transaction; deliver them only after commit.

`notify()` (lianxi/notifications/send.py) is how apps tell people; it writes through here.
Rows are written in bulk (a notice to thousands of deputies is a few statements), each with a
unique dedupe key, so running the same step twice queues nothing twice."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.notifications.models import Channel, OutboxMessage, Status

BATCH = 500


def schedule(ids: list[int], not_before: datetime | None) -> None:
    from lianxi.notifications.tasks import deliver_batch

    def send(chunk: list[int]) -> None:
        if not_before is None:
            deliver_batch(chunk)
        else:
            deliver_batch.schedule((chunk,), eta=not_before)

    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        transaction.on_commit(functools.partial(send, chunk))


def insert(rows: Sequence[OutboxMessage]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for every row, as bulk_create(ignore_conflicts=True)
    does, but with each field's value prepared once by the field itself: the ORM's compiler
    cost more than half of a notice's fan-out to thousands (bench/notify.py)."""
    fields = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    db = transaction.get_connection()  # resolved once: the proxy costs a lookup per use
    quote = db.ops.quote_name
    table = quote(OutboxMessage._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names from the model's own metadata, values as parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608

    def prepared(row: OutboxMessage) -> list[Any]:
        out = []
        for f in fields:
            value = f.pre_save(row, True)
            out.append(None if value is None else f.get_db_prep_save(value, db))
        return out

    values = [prepared(row) for row in rows]
    with db.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def write(rows: Sequence[OutboxMessage], *, fetch: bool = True) -> list[OutboxMessage]:
    """Insert `rows` (skipping keys already queued) and schedule delivery of the ones that
    leave the platform. Returns the rows as stored, new and old (nothing when not `fetch`:
    a fan-out to thousands need not read its rows back)."""
    if not rows:
        return []
    insert(rows)
    leaving = [r.dedupe_key for r in rows if r.channel != Channel.INAPP]
    by_hold: dict[datetime | None, list[int]] = {}
    for start in range(0, len(leaving), BATCH):
        found = OutboxMessage.objects.filter(
            dedupe_key__in=leaving[start : start + BATCH], status=Status.PENDING
        ).values_list("pk", "not_before")
        for pk, hold in found:
            by_hold.setdefault(hold, []).append(pk)
    for hold, ids in by_hold.items():
        schedule(sorted(ids), hold)
    if not fetch:
        return []
    keys = [r.dedupe_key for r in rows]
    stored: list[OutboxMessage] = []
    for start in range(0, len(keys), BATCH):
        stored += OutboxMessage.objects.filter(dedupe_key__in=keys[start : start + BATCH])
    return stored


def message(
    channel: str,
    body: str,
    *,
    recipient: str = "",
    user: Any = None,
    subject: str = "",
    dedupe_key: str | None = None,
    kind: str = "",
    family: str = "",
    url: str = "",
    not_before: datetime | None = None,
    digest: bool = False,
) -> OutboxMessage:
    """An unsaved row; in-app rows are delivered by being written."""
    return OutboxMessage(
        dedupe_key=dedupe_key or uuid.uuid4().hex,
        channel=channel,
        body=body,
        recipient=recipient,
        user=user,
        subject=subject[:200],
        kind=kind,
        family=family,
        url=url[:300],
        not_before=not_before,
        sent_at=timezone.now() if channel == Channel.INAPP else None,
        status=Status.SENT
        if channel == Channel.INAPP
        else Status.HELD
        if digest
        else Status.PENDING,
    )


def enqueue(channel: str, body: str, **fields: Any) -> OutboxMessage:
    """One message (see `message()` for the fields); the row as stored."""
    fields.pop("fresh", None)
    row = message(channel, body, **fields)
    return next(r for r in write([row]) if r.dedupe_key == row.dedupe_key)
