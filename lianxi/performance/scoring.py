"""Scores from lines and the year's scheme. Pure arithmetic (`score_of`) plus the batch that
writes scores (`recompute_records`, `recompute_year`): the same lines and scheme always give
the same score and breakdown, so running it twice changes nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from lianxi.performance.choices import Grade, LineKind
from lianxi.performance.models import Line, Record, Scheme, SchemeItem, SchemeVersion

CENT = Decimal("0.01")
CHUNK = 1000


@dataclass(frozen=True)
class Item:
    kind: str
    points: Decimal
    cap: Decimal | None


@dataclass(frozen=True)
class Rules:
    base: Decimal
    items: tuple[Item, ...]
    excellent_from: Decimal
    competent_from: Decimal
    basic_from: Decimal

    @classmethod
    def of(cls, version: SchemeVersion, items: Iterable[SchemeItem] | None = None) -> Rules:
        rows = items if items is not None else version.items.all()
        return cls(
            base=version.base,
            items=tuple(Item(i.kind, i.points, i.cap) for i in sorted(rows, key=order)),
            excellent_from=version.excellent_from,
            competent_from=version.competent_from,
            basic_from=version.basic_from,
        )

    def grade(self, score: Decimal) -> str:
        if score >= self.excellent_from:
            return Grade.EXCELLENT
        if score >= self.competent_from:
            return Grade.COMPETENT
        if score >= self.basic_from:
            return Grade.BASIC
        return Grade.INCOMPETENT


def order(item: Any) -> int:
    values = list(LineKind.values)
    return values.index(item.kind) if item.kind in values else len(values)


def score_of(
    rules: Rules, counts: Mapping[str, Decimal]
) -> tuple[Decimal, str, list[dict[str, Any]]]:
    """The score, grade and line-by-line breakdown of one record's line counts."""
    total = rules.base
    breakdown: list[dict[str, Any]] = []
    for item in rules.items:
        count = Decimal(counts.get(item.kind, 0))
        raw = (count * item.points).quantize(CENT, ROUND_HALF_UP)
        value = raw
        if item.cap is not None:
            value = min(raw, item.cap) if item.points >= 0 else max(raw, -item.cap)
            value = value.quantize(CENT, ROUND_HALF_UP)
        total += value
        breakdown.append(
            {
                "kind": item.kind,
                "count": str(count.normalize()) if count else "0",
                "points": str(item.points),
                "cap": None if item.cap is None else str(item.cap),
                "raw": str(raw),
                "value": str(value),
                "capped": value != raw,
            }
        )
    total = max(total, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    return total, rules.grade(total), breakdown


def current_rules(years: Iterable[int]) -> dict[int, tuple[SchemeVersion, Rules]]:
    found: dict[int, tuple[SchemeVersion, Rules]] = {}
    for scheme in Scheme.objects.filter(year__in=set(years)):
        version = scheme.versions.prefetch_related("items").order_by("-number").first()
        if version is not None:
            found[scheme.year] = (version, Rules.of(version))
    return found


def recompute_records(ids: Iterable[int]) -> int:
    """Recompute these records' scores; returns how many were written."""
    ids = sorted(set(ids))
    written = 0
    now = timezone.now()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        records = list(Record.objects.filter(pk__in=chunk).only("pk", "year"))
        rules = current_rules({r.year for r in records})
        counts: dict[int, dict[str, Decimal]] = defaultdict(dict)
        for row in (
            Line.objects.filter(record_id__in=chunk)
            .values("record_id", "kind")
            .annotate(n=Sum("quantity"))
            .order_by()
        ):
            counts[row["record_id"]][row["kind"]] = row["n"]
        for record in records:
            found = rules.get(record.year)
            if found is None:
                record.score, record.grade, record.breakdown, record.version = None, "", [], None
            else:
                version, scheme = found
                record.score, record.grade, record.breakdown = score_of(scheme, counts[record.pk])
                record.version = version
            record.computed_at = now
        Record.objects.bulk_update(
            records, ["score", "grade", "breakdown", "version", "computed_at"], batch_size=500
        )
        written += len(records)
    from lianxi.performance.flags import refresh_flags

    refresh_flags(ids)
    return written


def ensure_year(year: int) -> None:
    """Every serving deputy has a record for the year (an empty one scores the base)."""
    from lianxi.directory.models import Deputy
    from lianxi.performance.lines import records_for

    ids = Deputy.objects.filter(status="serving").values_list("pk", flat=True)
    records_for((d, year) for d in ids)


def recompute_year(year: int) -> int:
    ensure_year(year)
    ids = list(Record.objects.filter(year=year).values_list("pk", flat=True))
    return recompute_records(ids)
