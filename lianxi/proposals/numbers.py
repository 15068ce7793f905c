"""The committee's figures by unit: items, on time, A/B/C/D shares, satisfaction, re-handled;
one grouped query over the items the user sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from lianxi.proposals.models import Proposal

DONE = ["replied", "closed"]


@dataclass
class UnitRow:
    unit: str
    items: int
    replied: int
    on_time: int
    shares: dict[str, int]
    satisfied: int
    rated: int
    rehandled: int

    def percent(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "–"


def by_unit(user: Any) -> list[UnitRow]:
    qs = Proposal.objects.visible_to(user).exclude(lead=None)
    late = Q(replied_at__date__gt=F("due_date"))
    rows = (
        qs.values("lead__name")
        .annotate(
            items=Count("id"),
            replied=Count("id", filter=Q(status__in=DONE)),
            late=Count("id", filter=Q(status__in=DONE) & late),
            a=Count("id", filter=Q(result="A")),
            b=Count("id", filter=Q(result="B")),
            c=Count("id", filter=Q(result="C")),
            d=Count("id", filter=Q(result="D")),
            satisfied=Count("id", filter=Q(rating__in=["satisfied", "basic"])),
            rated=Count("id", filter=~Q(rating="")),
            rehandled=Count("id", filter=Q(rehandled=True)),
        )
        .order_by("-items", "lead__name")
    )
    return [
        UnitRow(
            unit=r["lead__name"],
            items=r["items"],
            replied=r["replied"],
            on_time=r["replied"] - r["late"],
            shares={k.upper(): r[k] for k in "abcd"},
            satisfied=r["satisfied"],
            rated=r["rated"],
            rehandled=r["rehandled"],
        )
        for r in rows
    ]
