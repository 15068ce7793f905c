"""Possible duplicates of a filed item, for the staff who review it: open items of the same
jurisdiction that share linked cases with it, come from the same supervision topic, or carry
a title that reads almost the same (among the most recent open items)."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Count, Q

from lianxi.proposals.models import Proposal
from lianxi.proposals.workflow import MERGE_TARGETS

SCAN = 300  # the most recent open items compared by title
SIMILAR = 0.6  # title similarity (difflib ratio) that counts as a likely duplicate
SHOWN = 5


@dataclass
class Duplicate:
    item: Proposal
    shared_cases: int
    similarity: float


def open_items(user: Any, proposal: Proposal) -> Any:
    """The items this one may be merged into."""
    return (
        Proposal.objects.visible_to(user)
        .filter(status__in=MERGE_TARGETS)
        .exclude(pk=proposal.pk)
        .select_related("author")
    )


def candidates(user: Any, proposal: Proposal) -> list[Duplicate]:
    mine = proposal.cases.values("pk")
    pool = open_items(user, proposal)
    sharing = {
        row["pk"]: row["n"]
        for row in pool.filter(cases__in=mine)
        .values("pk")
        .annotate(n=Count("cases", distinct=True))
        .order_by("-n")[:SHOWN]
    }
    near = Q(pk__in=sharing)
    if proposal.topic_id:
        near |= Q(topic=proposal.topic_id)
    scanned = {p.pk: p for p in pool.order_by("-id")[:SCAN]}
    scanned |= {p.pk: p for p in pool.filter(near)[:SCAN]}
    found: list[Duplicate] = []
    for item in scanned.values():
        ratio = SequenceMatcher(None, proposal.title, item.title).ratio()
        shared = sharing.get(item.pk, 0)
        same_topic = bool(proposal.topic_id and item.topic_id == proposal.topic_id)
        if shared or same_topic or ratio >= SIMILAR:
            found.append(Duplicate(item, shared, round(ratio, 2)))
    found.sort(key=lambda d: (-d.shared_cases, -d.similarity, -d.item.pk))
    return found[:SHOWN]
