"""`log()`: the one way to write an audit event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from lianxi.audit.context import current_origin
from lianxi.audit.models import AuditEvent, Outcome

# Inside an action, events wait here and are chained at its end (see expect_events).
_events_in_action: ContextVar[list[AuditEvent] | None] = ContextVar(
    "_events_in_action", default=None
)
GENESIS = "0" * 64
PG_LOCK_KEY = 7_320_915  # advisory lock that serialises the chain on PostgreSQL


def _digest(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "target": [event.target_type, event.target_id],
        "ip": event.ip,
        "outcome": event.outcome,
        "data": event.data,
    }


def log(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    outcome: str = Outcome.OK,
) -> AuditEvent:
    """Record who did what to which object, from where, with what outcome.

    `data` must not hold full personal data: pass masked values or field names.
    """
    origin = current_origin.get()
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_label=(user.get_username() if user else "")[:150],
        actor_role=str(getattr(user, "role", "public")) if user else "public",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        ip=origin.ip,
        user_agent=origin.user_agent,
        outcome=outcome,
        data=data or {},
    )
    pending = _events_in_action.get()
    if pending is not None:
        pending.append(event)
    else:
        _chain([event])
    return event


def _chain(events: list[AuditEvent]) -> None:
    """Link `events` to the end of the chain and insert them. The chain is serialised (an
    advisory lock on PostgreSQL, the single writer on SQLite) from here to commit, so actions
    call this last, just before they commit."""
    # Inside an action's transaction already: no savepoint needed (one statement fewer each way).
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        prev = last or GENESIS
        for event in events:
            event.prev_hash = prev
            event.hash = prev = _digest(prev, _payload(event))
            event.save()


@contextmanager
def expect_events(action_name: str) -> Iterator[None]:
    """Inside an action: collect its events and chain them when it ends (inside its
    transaction); fail loudly if the action wrote none."""
    events: list[AuditEvent] = []
    token = _events_in_action.set(events)
    try:
        yield
        if not events:
            raise RuntimeError(f"action {action_name} wrote no audit event")
        _chain(events)
    finally:
        _events_in_action.reset(token)


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    """The hash `event` must carry after `prev_hash` (also for archived events)."""
    return _digest(prev_hash, _payload(event))


def verify_chain(start: str = GENESIS) -> tuple[bool, int | None]:
    """Recompute every hash in the database, from `start` (the last archived event's hash once
    older events were archived: lianxi/retention/archive.py); return (ok, first broken id)."""
    prev = start
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev or event.hash != _digest(prev, _payload(event)):
            return False, event.pk
        prev = event.hash
    return True, None
