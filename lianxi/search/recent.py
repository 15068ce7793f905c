"""PostgreSQL: smaller GIN indexes over the recent documents only (`search_since_YYYYMM`, a
partial index `WHERE at >= <first day of that month>`), so a search window of recent months
decodes a few months of each word's postings instead of all of them.

A word's postings are read whole whatever else the query asks (the month keys narrow the
rows, not the reading): in a million cases over three years, 停车 收费 in the last two months
took 4.5 ms in the full index and 0.8 ms in one over the last six months. A window whose
months all fall after a boundary adds `at >= boundary` (written as a literal, so the planner
can see that it implies the index's predicate) and the planner takes the smallest index.

The indexes only speed up: any search is right with or without them. `refresh()` makes the
indexes of this month's boundaries and drops the older ones; it runs in the migration, after
`reindex` and daily (lianxi/search/tasks.py). Which ones exist is read from `pg_indexes` and
kept for a few minutes per process; an index dropped meanwhile only makes a search slower."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from django.db import connection

from lianxi.search import keys

# How many months (this one included) each partial index covers: the first window of a
# search holds two to three calendar months; wider ones mostly fall within the year.
SPANS = (3, 12)
PREFIX = "search_since_"
REFRESH_SECONDS = 300
_NAME = re.compile(rf"^{PREFIX}(\d{{4}})(\d{{2}})$")
_cache: dict[str, tuple[float, list[int]]] = {}


def wanted(now: datetime | None = None) -> list[int]:
    """The months (keys.month numbers) the indexes should start at, newest first."""
    current = keys.month(now or datetime.now(UTC))
    return sorted({current - span + 1 for span in SPANS}, reverse=True)


def name(number: int) -> str:
    start = keys.month_start(number)
    return f"{PREFIX}{start.year:04d}{start.month:02d}"


def _existing() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_document' "
            "AND indexname LIKE %s",
            [PREFIX + "%"],
        )
        found = [_NAME.match(row[0]) for row in cursor.fetchall()]
    return sorted((int(m[1]) * 12 + int(m[2]) - 1 for m in found if m), reverse=True)


def boundaries() -> list[int]:
    """The months the existing partial indexes start at, newest first (none on SQLite)."""
    if connection.vendor != "postgresql":
        return []
    key = str(connection.settings_dict.get("NAME") or "")
    stamp, found = _cache.get(key, (-REFRESH_SECONDS, []))
    if time.monotonic() - stamp >= REFRESH_SECONDS:
        found = _existing()
        _cache[key] = (time.monotonic(), found)
    return found


def since(first_month: int) -> datetime | None:
    """The start of the smallest partial index holding every document from `first_month` on."""
    for number in boundaries():
        if number <= first_month:
            return keys.month_start(number)
    return None


def refresh(now: datetime | None = None, *, concurrently: bool = True) -> dict[str, list[str]]:
    """Make the indexes that should exist and drop the others (PostgreSQL; a no-op elsewhere).
    Concurrently outside a transaction, so searches and case writes go on meanwhile."""
    made: list[str] = []
    dropped: list[str] = []
    if connection.vendor != "postgresql":
        return {"made": made, "dropped": dropped}
    how = "CONCURRENTLY " if concurrently and not connection.in_atomic_block else ""
    target = wanted(now)
    have = _existing()
    with connection.cursor() as cursor:
        for number in target:
            if number not in have:
                start = keys.month_start(number).isoformat()
                # A failed concurrent build leaves an invalid index behind: drop it first.
                cursor.execute(f"DROP INDEX {how}IF EXISTS {name(number)}")
                cursor.execute(
                    f"CREATE INDEX {how}{name(number)} ON search_document "
                    f"USING gin (tsv) WHERE at >= '{start}'"
                )
                made.append(name(number))
        for number in have:
            if number not in target:
                cursor.execute(f"DROP INDEX {how}IF EXISTS {name(number)}")
                dropped.append(name(number))
    _cache.clear()
    return {"made": made, "dropped": dropped}
