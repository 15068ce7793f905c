"""The committee's figures over the items the user sees, each table one grouped query: by unit
(items, on time, A/B/C/D shares, satisfaction, re-handled), by deputy (filed, accepted,
co-signed) and by category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from lianxi.directory.models import Deputy
from lianxi.proposals.choices import CosignStatus
from lianxi.proposals.models import Cosigner, Proposal

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


FILED = ["filed", "accepted", "assigned", "return_asked", "replied", "closed", "declined"]
ACCEPTED = ["accepted", "assigned", "return_asked", "replied", "closed"]


@dataclass
class DeputyRow:
    deputy: str
    filed: int
    suggestions: int
    bills: int
    accepted: int
    cosigned: int


def by_deputy(user: Any) -> list[DeputyRow]:
    """Per deputy of the items the user sees: filed (by kind), accepted, and the items of
    others they co-signed (confirmed)."""
    qs = Proposal.objects.visible_to(user).filter(status__in=FILED)
    rows = {
        r["author_id"]: r
        for r in qs.values("author_id", "author__name").annotate(
            filed=Count("id"),
            suggestions=Count("id", filter=Q(kind="suggestion")),
            bills=Count("id", filter=Q(kind="bill")),
            accepted=Count("id", filter=Q(status__in=ACCEPTED)),
        )
    }
    cosigned = dict(
        Cosigner.objects.filter(status=CosignStatus.CONFIRMED, proposal__in=qs)
        .values("deputy_id")
        .annotate(n=Count("id"))
        .values_list("deputy_id", "n")
    )
    names = dict(Deputy.objects.filter(pk__in=cosigned).values_list("pk", "name"))
    result = [
        DeputyRow(
            deputy=r["author__name"],
            filed=r["filed"],
            suggestions=r["suggestions"],
            bills=r["bills"],
            accepted=r["accepted"],
            cosigned=cosigned.get(pk, 0),
        )
        for pk, r in rows.items()
    ]
    result += [DeputyRow(names[pk], 0, 0, 0, 0, n) for pk, n in cosigned.items() if pk not in rows]
    return sorted(result, key=lambda r: (-r.filed, -r.cosigned, r.deputy))


@dataclass
class CategoryRow:
    category: str
    items: int
    replied: int
    shares: dict[str, int]
    satisfied: int
    rated: int


def by_category(user: Any) -> list[CategoryRow]:
    """Per category (first level as filed) of the items the user sees that were filed."""
    qs = Proposal.objects.visible_to(user).filter(status__in=FILED)
    rows = (
        qs.values("category__name")
        .annotate(
            items=Count("id"),
            replied=Count("id", filter=Q(status__in=DONE)),
            a=Count("id", filter=Q(result="A")),
            b=Count("id", filter=Q(result="B")),
            c=Count("id", filter=Q(result="C")),
            d=Count("id", filter=Q(result="D")),
            satisfied=Count("id", filter=Q(rating__in=["satisfied", "basic"])),
            rated=Count("id", filter=~Q(rating="")),
        )
        .order_by("-items", "category__name")
    )
    return [
        CategoryRow(
            category=r["category__name"] or str(_("Uncategorised")),
            items=r["items"],
            replied=r["replied"],
            shares={k.upper(): r[k] for k in "abcd"},
            satisfied=r["satisfied"],
            rated=r["rated"],
        )
        for r in rows
    ]
