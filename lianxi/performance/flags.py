"""Flags to the committee (S11): a deputy graded 不称职 in a year, or below 60 points in a year
and in the year before. Each recomputation keeps the flags in step with the scores (a flag
whose cause is gone is removed); a flag found for the first time is announced, and the
notification rule's key (deputy and year) tells committee staff once, however often the
scores are recomputed afterwards."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.events import announce
from lianxi.performance.choices import Grade
from lianxi.performance.models import Flag, Record

LOW = Decimal(60)
CHUNK = 1000
FOUND = "performance.flag_found"


def causes(grade: str, score: Decimal | None, last_score: Decimal | None) -> tuple[bool, bool]:
    """(graded not competent, below 60 this year and the year before): pure, for the tests."""
    incompetent = grade == Grade.INCOMPETENT
    two_low = score is not None and last_score is not None and score < LOW and last_score < LOW
    return incompetent, two_low


def refresh_flags(ids: Iterable[int]) -> int:
    """Bring the flags of these records (and of the next year's records of the same deputies,
    whose second-year flag depends on them) in step; returns how many were newly found."""
    ids = sorted(set(ids))
    found = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            found += _refresh(ids[start : start + CHUNK])
    return found


def _refresh(chunk: list[int]) -> int:
    touched = list(Record.objects.filter(pk__in=chunk).values_list("deputy_id", "year"))
    if not touched:
        return 0
    deputies = {d for d, _y in touched}
    years = {y for _d, y in touched}
    pairs = set(touched) | {(d, y + 1) for d, y in touched}
    records = [
        r
        for r in Record.objects.filter(
            deputy_id__in=deputies, year__in=years | {y + 1 for y in years}
        ).only("pk", "deputy_id", "year", "score", "grade")
        if (r.deputy_id, r.year) in pairs
    ]
    earlier = {
        (d, y): s
        for d, y, s in Record.objects.filter(
            deputy_id__in=deputies, year__in={r.year - 1 for r in records}
        ).values_list("deputy_id", "year", "score")
    }
    existing = {f.record_id: f for f in Flag.objects.filter(record__in=records)}
    new: list[Record] = []
    for record in records:
        incompetent, two_low = causes(
            record.grade, record.score, earlier.get((record.deputy_id, record.year - 1))
        )
        flag = existing.get(record.pk)
        if not (incompetent or two_low):
            if flag is not None:
                flag.delete()
            continue
        if flag is None:
            flag, created = Flag.objects.get_or_create(
                record=record,
                defaults={"incompetent": incompetent, "two_years_low": two_low},
            )
            if created:
                new.append(record)
                continue
        if (flag.incompetent, flag.two_years_low) != (incompetent, two_low):
            Flag.objects.filter(pk=flag.pk).update(incompetent=incompetent, two_years_low=two_low)
    for flag in Flag.objects.filter(record__in=new).select_related("record__deputy__constituency"):
        flag_found(None, flag=flag)
    return len(new)


@action(FOUND)
def flag_found(actor: Any, *, flag: Flag) -> Flag:
    """A flag the recomputation found for the first time: audited (by the system) and
    announced, so committee staff of the deputy's jurisdiction are told."""
    log(
        actor,
        FOUND,
        flag.record,
        {
            "year": flag.record.year,
            "incompetent": flag.incompetent,
            "two_years_low": flag.two_years_low,
        },
    )
    announce(FOUND, flag, actor, year=flag.record.year)
    return flag
