"""Writing record lines. Each source object (a visit, a duty, a case …) owns its lines: `sync`
makes that object's lines exactly the wanted ones, so a step undone (a case reopened, a
comment hidden, attendance corrected) removes the line it had made. Scores of the records
touched are recomputed at once (a few queries)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from lianxi.performance.models import Line, Record


@dataclass(frozen=True)
class Want:
    deputy_id: int
    kind: str
    day: date
    label: str
    url: str = ""
    quantity: Decimal = Decimal(1)


def records_for(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Record]:
    """The records of these (deputy id, year) pairs, made where missing."""
    wanted = set(pairs)
    if not wanted:
        return {}
    deputies = {d for d, _y in wanted}
    years = {y for _d, y in wanted}
    found = {
        (r.deputy_id, r.year): r
        for r in Record.objects.filter(deputy_id__in=deputies, year__in=years)
    }
    missing = [Record(deputy_id=d, year=y) for d, y in wanted if (d, y) not in found]
    if missing:
        Record.objects.bulk_create(missing, ignore_conflicts=True)
        found = {
            (r.deputy_id, r.year): r
            for r in Record.objects.filter(deputy_id__in=deputies, year__in=years)
        }
    return found


def sync(
    source: str, source_id: int, wanted: Iterable[Want], deputy_ids: Iterable[int] | None = None
) -> set[int]:
    """Make the lines of (source, source_id) the wanted ones (only those of `deputy_ids` when
    given); returns the ids of the records whose lines changed."""
    wanted = list(wanted)
    existing = Line.objects.filter(source=source, source_id=source_id).select_related("record")
    if deputy_ids is not None:
        existing = existing.filter(record__deputy_id__in=list(deputy_ids))
    records = records_for((w.deputy_id, w.day.year) for w in wanted)
    keep: dict[tuple[int, str], Want] = {}
    for w in wanted:
        keep[(records[(w.deputy_id, w.day.year)].pk, w.kind)] = w
    changed: set[int] = set()
    stale: list[int] = []
    have: dict[tuple[int, str], Line] = {}
    for line in existing:
        key = (line.record_id, line.kind)
        if key in keep:
            have[key] = line
        else:
            stale.append(line.pk)
            changed.add(line.record_id)
    if stale:
        Line.objects.filter(pk__in=stale).delete()
    new: list[Line] = []
    for (record_id, kind), w in keep.items():
        found = have.get((record_id, kind))
        if found is None:
            new.append(
                Line(
                    record_id=record_id,
                    kind=kind,
                    day=w.day,
                    quantity=w.quantity,
                    source=source,
                    source_id=source_id,
                    label=w.label[:200],
                    url=w.url[:200],
                )
            )
            changed.add(record_id)
        elif (found.day, found.quantity, found.label, found.url) != (
            w.day,
            w.quantity,
            w.label[:200],
            w.url[:200],
        ):
            found.day, found.quantity, found.label, found.url = (
                w.day,
                w.quantity,
                w.label[:200],
                w.url[:200],
            )
            found.save(update_fields=["day", "quantity", "label", "url"])
            changed.add(record_id)
    if new:
        Line.objects.bulk_create(new, ignore_conflicts=True)
    return changed


def local_day(moment: Any) -> date:
    from django.utils import timezone

    return timezone.localtime(moment).date()
