"""What the delivery page shows: for each channel over the last day, how many messages were
sent, are waiting or retrying, and failed, and the delivery lag (from when a message was due,
i.e. written or the end of its quiet hours, to when the provider accepted it) at p50 and p95.
Messages folded into a digest are left out of the lag (they wait by the person's choice)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lianxi.notifications.models import Channel, OutboxMessage, Status

WINDOW = timedelta(days=1)
LAG_SAMPLE = 50_000  # the newest rows per channel; enough for stable percentiles


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of `values` (sorted here), or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    label: str
    sent: int
    waiting: int
    retrying: int
    failed: int
    lag_p50: float | None  # seconds
    lag_p95: float | None


def lags(channel: str, since: datetime) -> list[float]:
    rows = (
        OutboxMessage.objects.filter(channel=channel, status=Status.SENT, sent_at__gte=since)
        .exclude(provider_ref__startswith="digest:")
        .order_by("-sent_at")
        .values_list("created_at", "not_before", "sent_at")[:LAG_SAMPLE]
    )
    out = []
    for created, not_before, sent in rows:
        if sent is None:
            continue
        due = max(created, not_before) if not_before is not None else created
        out.append(max(0.0, (sent - due).total_seconds()))
    return out


def figures(now: datetime | None = None) -> list[ChannelFigures]:
    now = now or timezone.now()
    since = now - WINDOW
    counts = {
        row["channel"]: row
        for row in OutboxMessage.objects.filter(created_at__gte=since)
        .values("channel")
        .annotate(
            sent=Count("id", filter=Q(status=Status.SENT)),
            waiting=Count("id", filter=Q(status__in=[Status.PENDING, Status.SENDING, Status.HELD])),
            retrying=Count("id", filter=Q(status=Status.PENDING, attempts__gt=0)),
            failed=Count("id", filter=Q(status=Status.FAILED)),
        )
        .order_by()
    }
    result = []
    for channel in (Channel.SMS, Channel.EMAIL, Channel.INAPP):
        row: dict[str, Any] = dict(counts.get(channel, {}))
        values = lags(channel, since) if channel != Channel.INAPP else []
        result.append(
            ChannelFigures(
                channel=channel,
                label=str(channel.label),
                sent=row.get("sent", 0),
                waiting=row.get("waiting", 0),
                retrying=row.get("retrying", 0),
                failed=row.get("failed", 0),
                lag_p50=percentile(values, 0.5),
                lag_p95=percentile(values, 0.95),
            )
        )
    return result


def failed_messages() -> QuerySet[OutboxMessage]:
    """Failed messages, newest first (all of them: a failure stays until resent)."""
    return (
        OutboxMessage.objects.filter(status=Status.FAILED)
        .exclude(channel=Channel.INAPP)
        .only("id", "channel", "recipient", "kind", "attempts", "last_error", "created_at")
        .order_by("-id")
    )
