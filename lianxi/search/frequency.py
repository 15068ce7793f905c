"""How common each word and index key is, from PostgreSQL's statistics of the `tsv` column
(`pg_stats.most_common_elems`, refreshed by ANALYZE), read once an hour per process. The
search asks the GIN index only for the rarer terms of a query and tests the common ones on
the rows read: walking the postings of a word found in every other document costs more than
testing a few hundred rows."""

from __future__ import annotations

import time

from django.db import connection

REFRESH_SECONDS = 3600
_cache: dict[str, tuple[float, float, dict[str, float]]] = {}


def shares() -> tuple[float, dict[str, float]]:
    """How many documents there are, and lexeme → share of documents holding it for the most
    common ones (empty if ANALYZE has not run)."""
    key = str(connection.settings_dict.get("NAME") or "")
    stamp, total, found = _cache.get(key, (-REFRESH_SECONDS, 0.0, {}))
    if time.monotonic() - stamp < REFRESH_SECONDS:
        return total, found
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs, "
            "(SELECT reltuples FROM pg_class WHERE relname = 'search_document') "
            "FROM pg_stats WHERE tablename = 'search_document' AND attname = 'tsv'"
        )
        row = cursor.fetchone()
    found, total = {}, 0.0
    if row and row[0]:
        found = dict(zip(row[0], row[1], strict=False))
        total = max(0.0, float(row[2] or 0))
    _cache[key] = (time.monotonic(), total, found)
    return total, found


def share(term: str, known: dict[str, float]) -> float:
    """A lexeme not among the most common is rarer than all of them."""
    if term in known:
        return known[term]
    return min(known.values(), default=1.0) / 2 if known else 0.0


def at_most(term: str, known: dict[str, float]) -> float:
    """The largest share `term` can have: a lexeme not among the most common is at most as
    common as the least of them."""
    if term in known:
        return known[term]
    return min(known.values(), default=1.0)
