"""Running a search: full-text candidates, limited to what the user may see, ranked.

The candidates are the newest `CANDIDATES` documents that contain every token, pass the
filters and are visible to the user (a correlated EXISTS on each kind's `visible_ids(user)`
queryset, so visibility stays in the querysets). SQLite finds them in one statement, walking
the FTS5 index newest first; PostgreSQL a window of months at a time, the words, the months and
the scope's index keys intersected in the GIN index (lianxi/search/keys.py). The candidates
are then ordered by relevance (SQLite: BM25 over the candidates, lianxi/search/ranking.py;
PostgreSQL ts_rank; title weighted higher) or by date, and only the page shown is read in
full. Stopping at the cap keeps the time flat however many documents match; the count is
exact below the cap and shown as "more than …" above it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from lianxi.search import frequency, keys, ranking, recent
from lianxi.search.kinds import id_range
from lianxi.search.text import Query

CANDIDATES = 500
# PostgreSQL, large scopes: how many of the newest matches are tested for visibility at most.
SCAN_FACTOR = 10
# PostgreSQL: months of documents in the first window (ending now), the widest window before
# the rest is read whole, and how many rows a window's GIN terms should leave at most.
FIRST_WINDOW = 2
LAST_WINDOW = 12
ROWS_WANTED = 3000
COMMON = 0.2
# PostgreSQL: a query matching at least this share of the documents walks the newest ones
# (at most PROBE_MAX) before any window.
DENSE = 0.1
PROBE_MAX = 5000
NEWEST_LAST_ID = (
    "SELECT min(id) FROM (SELECT id FROM search_document WHERE id BETWEEN %s AND %s "
    "ORDER BY id DESC LIMIT %s) newest"
)
MMAP_BYTES = 1 << 30
TITLE_WEIGHT = 5.0
Sort = Literal["relevance", "date"]


@dataclass(frozen=True)
class Scope:
    """Documents of one kind whose object ids are in `ids` (a queryset of visible ids).
    `small`: the user sees few of them (a deputy's own cases); the ids are then gathered once
    instead of checked match by match."""

    kind: str
    ids: QuerySet[Any]
    small: bool = False
    # PostgreSQL: a tsquery of index keys every visible document carries (lianxi/search/keys.py)
    hint: str = ""


@dataclass
class Hit:
    document_id: int
    kind: str
    object_id: int
    # The date as the database returns it, which sorts as the date does: epoch seconds
    # (PostgreSQL) or the stored ISO text (SQLite). Made a datetime only for the rows shown.
    stamp: Any
    score: float

    @property
    def at(self) -> datetime:
        return _datetime(self.stamp)


@dataclass
class Found:
    hits: list[Hit] = field(default_factory=list)  # every candidate, in the order asked
    capped: bool = False


def _visibility(scope: Scope, column: str) -> tuple[str, list[Any]] | None:
    """SQL true for the documents of `scope` the user may see; None if none at all."""
    low, _high = id_range(scope.kind)
    expr = column if low == 0 else f"({column} - {low})"
    ids = scope.ids.order_by()
    if not ids.query.where and not ids.query.distinct:
        return "1 = 1", []  # every object of the kind (an administrator)
    try:
        if scope.small:
            sql, params = ids.query.sql_with_params()
            # Unary + keeps SQLite from handing the id list to FTS5 one id at a time.
            return f"+{expr} IN ({sql})", list(params)
        column_ref = RawSQL(expr, ())  # noqa: S611 - a column name of ours, no user input
        sql, params = ids.filter(pk=column_ref).query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"EXISTS ({sql})", list(params)


def _fts_match(tokens: list[str]) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def _filters(
    query: Query, start: datetime | None, end: datetime | None
) -> tuple[list[str], list[Any]]:
    """Dates and exact phrases, on the document row `d`."""
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append("d.at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(start))
    if end is not None:
        where.append("d.at < %s")
        params.append(connection.ops.adapt_datetimefield_value(end))
    find = "strpos" if connection.vendor == "postgresql" else "instr"
    for phrase in query.phrases:
        where.append(f"{find}(lower(d.title || ' ' || d.body), %s) > 0")
        params.append(phrase.lower())
    return where, params


def _scope_sql(
    query: Query,
    scope: Scope,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    sort: Sort = "relevance",
) -> tuple[str, list[Any]] | None:
    visible = _visibility(scope, "search_fts.rowid")
    if visible is None:
        return None
    low, high = id_range(scope.kind)
    extra, extra_params = _filters(query, start, end)
    where = ["search_fts.rowid BETWEEN %s AND %s", visible[0], *extra]
    params: list[Any] = [low, high, *visible[1], *extra_params]
    conditions = " AND ".join(where)
    # No bm25() here: see lianxi/search/ranking.py. For relevance the token strings come
    # along, to be scored in Python.
    tokens = ", d.title_tokens, d.body_tokens" if sort == "relevance" else ""
    if not extra:
        # Only the full-text index and the visibility test until the cap; then the documents.
        sql = (
            f"SELECT d.id, d.at, 0{tokens} FROM ("  # noqa: S608 (our own SQL)
            f"SELECT search_fts.rowid AS id FROM search_fts "
            f"WHERE search_fts MATCH %s AND {conditions} "
            "ORDER BY search_fts.rowid DESC LIMIT %s"
            ") f JOIN search_document d ON d.id = f.id"
        )
        return sql, [_fts_match(query.tokens), *params, limit]
    sql = (
        f"SELECT d.id, d.at, 0{tokens} "  # noqa: S608
        "FROM search_fts JOIN search_document d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {conditions} "
        "ORDER BY search_fts.rowid DESC LIMIT %s"
    )
    return sql, [_fts_match(query.tokens), *params, limit]


def _shares(
    query: Query, hint: str, measure: Any = frequency.share
) -> tuple[float, list[tuple[float, str]]]:
    """The documents there are, and each word's share of them (the hint's as ""), rarest
    first (lianxi/search/frequency.py: `share` estimates, `at_most` bounds)."""
    total, known = frequency.shares()
    found = [(measure(t, known), t) for t in query.tokens]
    if hint:
        found.append((sum(measure(k, known) for k in keys.named_in(hint)), ""))
    return total, sorted(found)


def _gin_terms(query: Query, hint: str, window: str) -> tuple[list[str], str]:
    """The words (and the hint) the GIN index is asked for: every one found in less than
    COMMON of the documents, then common ones, rarest first, only while the rows left in the
    window are estimated above ROWS_WANTED. The others are tested on the rows read."""
    total, shares = _shares(query, hint)
    _total, known = frequency.shares()
    rows = total * (sum(frequency.share(k, known) for k in keys.named_in(window)) or 1.0)
    words: list[str] = []
    use_hint = False
    for share, term in shares:
        if share >= COMMON and (words or use_hint) and rows <= ROWS_WANTED:
            break
        if term:
            words.append(term)
        else:
            use_hint = True
        rows *= share
    return words, hint if use_hint else ""


def _postgres_sql(
    query: Query,
    scope: Scope,
    visible: tuple[str, list[Any]],
    where: tuple[list[str], list[Any]],
    window: str,
    limit: int,
    since: datetime | None = None,
) -> tuple[str, list[Any]]:
    """The newest `limit` visible matches in a window of time (a tsquery of index keys; ""
    for all), dated `since` or later when given (lianxi/search/recent.py). The GIN index
    intersects the rarer words, the window and the hint before a row is read; the whole query
    is then tested on each row read (ts_match_vq is the function behind @@: as a function the
    planner does not hand it to the index). The tsqueries are written inline so the planner
    estimates from the column's statistics. Visibility (a small scope's ids gathered once, a
    large scope's EXISTS per row) is tested on at most SCAN_FACTOR × limit of the newest
    matches, until `limit` pass."""
    low, high = id_range(scope.kind)
    words, hint = _gin_terms(query, scope.hint, window)
    narrow = [k for k in (hint, window) if k]
    gin = " && ".join(
        ["plainto_tsquery('simple', %s)"] * bool(words) + ["%s::tsquery"] * len(narrow)
    )
    whole = "plainto_tsquery('simple', %s)" + (" && %s::tsquery" if scope.hint else "")
    inner = " AND ".join(
        [f"d.tsv @@ ({gin})", f"ts_match_vq(d.tsv, {whole})", "d.id BETWEEN %s AND %s"] + where[0]
    )
    if since is not None:
        # A literal, not a parameter: the planner must see that it implies a partial index's
        # predicate. A datetime of ours, not user input.
        inner += f" AND d.at >= '{since.isoformat()}'::timestamptz"
    inner_params: list[Any] = [" ".join(words)] * bool(words) + narrow
    inner_params.append(" ".join(query.tokens))
    inner_params += [scope.hint] if scope.hint else []
    inner_params += [low, high, *where[1]]
    rank = "ts_rank(m.tsv, plainto_tsquery('simple', %s))"
    sql = (
        # The date as epoch seconds: a float reads faster than a timestamp, 500 times over.
        f"SELECT m.id, extract(epoch from m.at)::float8, {rank} FROM ("  # noqa: S608
        f"SELECT d.id, d.at, d.tsv FROM search_document d WHERE {inner} "
        f"ORDER BY d.id DESC LIMIT %s) m WHERE {visible[0]} ORDER BY m.id DESC LIMIT %s"
    )
    params = [" ".join(query.tokens), *inner_params, limit * SCAN_FACTOR, *visible[1], limit]
    return sql, params


def _postgres_rows(
    query: Query, scope: Scope, start: datetime | None, end: datetime | None, limit: int
) -> list[tuple[Any, ...]]:
    """Newest first. A query the statistics say most documents match walks the newest
    documents one by one (PROBE). Otherwise, or if that fell short, a window of months at a
    time (lianxi/search/keys.py), so a common word's newest matches are read without touching
    its older ones; each window's yield sets the next one's width. Past LAST_WINDOW months,
    or at `start`, the rest is read in one go (by date: a NOT of every key read costs the
    GIN index more than the few matches left)."""
    visible = _visibility(scope, "m.id")
    if visible is None:
        return []
    where = _filters(query, start, end)
    rows: list[tuple[Any, ...]] = []
    total, shares = _shares(query, scope.hint)
    density = math.prod(share for share, _term in shares) if total else 0.0
    _total, bounds = _shares(query, scope.hint, frequency.at_most)
    if total and bounds and bounds[0][0] * total <= ROWS_WANTED:
        # The rarest term matches few documents: the GIN index hands over all of them at once.
        return _fetch(_postgres_sql(query, scope, visible, where, "", limit))
    if density >= DENSE:
        walked = min(PROBE_MAX, math.ceil(limit * 1.5 / density))
        rows = _fetch(_probe_sql(query, scope, visible, where, walked, limit))
        if len(rows) >= limit:
            return rows
        low, high = id_range(scope.kind)
        with connection.cursor() as cursor:
            cursor.execute(NEWEST_LAST_ID, [low, high, walked])
            below = cursor.fetchone()[0]
        if below is None:
            return rows
        # + 0: a condition the planner cannot answer from the primary key (a million entries)
        where = ([*where[0], "d.id + 0 < %s"], [*where[1], below])
    moment = datetime.now(UTC)
    now = keys.month(moment)
    newest = keys.month(end - timedelta(microseconds=1)) if end else now
    oldest = keys.month(start) if start else None
    # About FIRST_WINDOW months of documents: early in a month, one calendar month more.
    hi, width = newest, FIRST_WINDOW
    if newest == now:
        width = 1 + round(FIRST_WINDOW - _elapsed(now, now, now, moment))
    while len(rows) < limit:
        lo = hi - width + 1
        if oldest is not None and lo <= oldest:
            window = keys.any_of(keys.cover(oldest, hi))
            since = recent.since(oldest)
            return rows + _fetch(
                _postgres_sql(query, scope, visible, where, window, limit - len(rows), since)
            )
        if hi < newest and width > LAST_WINDOW:
            break
        window = keys.any_of(keys.cover(lo, hi))
        since = recent.since(lo)
        found = _fetch(
            _postgres_sql(query, scope, visible, where, window, limit - len(rows), since)
        )
        rows += found
        # Months still needed at this window's rate, with a margin; four times as many if it
        # found none. The current month counts for the part of it gone by: early in a month a
        # window that ends now holds little more than one month of documents.
        months = _elapsed(lo, hi, now, moment)
        wanted = (limit - len(rows)) * months * 1.3 / len(found) if found else width * 4
        hi, width = lo - 1, max(1, math.ceil(wanted))
    else:
        return rows
    # The rest: older than the windows read, or dated after `newest`.
    span = (keys.month_start(hi + 1), keys.month_start(newest + 1))
    rest = [*where[0], "(d.at < %s OR d.at >= %s)"], [*where[1], *map(_db_time, span)]
    return rows + _fetch(_postgres_sql(query, scope, visible, rest, "", limit - len(rows)))


def _elapsed(lo: int, hi: int, now: int, moment: datetime) -> float:
    """Months of documents in the window lo..hi: the current month only as far as `moment`."""
    if hi != now:
        return float(hi - lo + 1)
    begun, ends = keys.month_start(now), keys.month_start(now + 1)
    return hi - lo + max(0.05, (moment - begun) / (ends - begun))


def _probe_sql(
    query: Query,
    scope: Scope,
    visible: tuple[str, list[Any]],
    where: tuple[list[str], list[Any]],
    walked: int,
    limit: int,
) -> tuple[str, list[Any]]:
    """The visible matches among the newest `walked` documents."""
    low, high = id_range(scope.kind)
    whole = "plainto_tsquery('simple', %s)" + (" && %s::tsquery" if scope.hint else "")
    conditions = " ".join(f"AND {w}" for w in where[0])
    sql = (
        "SELECT m.id, extract(epoch from m.at)::float8, ts_rank(m.tsv, "  # noqa: S608
        "plainto_tsquery('simple', %s)) FROM (SELECT d.id, d.at, d.tsv FROM (SELECT id, at, "
        "tsv, title, body FROM search_document WHERE id BETWEEN %s AND %s ORDER BY id DESC "
        f"LIMIT %s) d WHERE d.tsv @@ ({whole}) {conditions}) m WHERE {visible[0]} "
        "ORDER BY m.id DESC LIMIT %s"
    )
    words = " ".join(query.tokens)
    params = [words, low, high, walked, words, *([scope.hint] if scope.hint else [])]
    return sql, [*params, *where[1], *visible[1], limit]


def _db_time(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _fetch(built: tuple[str, list[Any]] | None) -> list[tuple[Any, ...]]:
    if built is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*built)
        return cursor.fetchall()


def candidates(
    query: Query,
    scopes: list[Scope],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    sort: Sort = "relevance",
    limit: int | None = None,
) -> Found:
    """The newest `limit` matches of each scope, in the order asked."""
    limit = limit or CANDIDATES
    found = Found()
    if query.empty:
        return found
    _tune()
    for scope in scopes:
        if connection.vendor == "postgresql":
            rows = _postgres_rows(query, scope, start, end, limit)
        else:
            rows = _fetch(_scope_sql(query, scope, start, end, limit, sort))
        low, _high = id_range(scope.kind)
        found.capped = found.capped or len(rows) >= limit
        if connection.vendor == "sqlite" and sort == "relevance":
            scored = ranking.scores([(r[0], r[3], r[4]) for r in rows], query.tokens, TITLE_WEIGHT)
            rows = [(r[0], r[1], scored.get(r[0], 0.0)) for r in rows]
        found.hits += [
            Hit(row[0], scope.kind, row[0] - low, row[1], float(row[2] or 0.0)) for row in rows
        ]
    if sort == "date":
        found.hits.sort(key=lambda h: (h.stamp, h.document_id), reverse=True)
    else:
        found.hits.sort(key=lambda h: (h.score, h.stamp, h.document_id), reverse=True)
    return found


def _tune() -> None:
    """Once per connection. SQLite: read the index through a memory map, so the pages of a
    large index are read without a system call each. PostgreSQL: no JIT compilation and no
    parallel workers."""
    raw = connection.connection
    if raw is None or getattr(connection, "_search_tuned", None) is raw:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        elif connection.vendor == "postgresql":
            # JIT compiling costs ~200 ms on the first plan whose estimate passes
            # jit_above_cost; short searches never gain from it.
            cursor.execute("SET jit = off")
            # Starting a worker costs a few milliseconds, more than it saves on a search's few
            # thousand rows, and takes a core from another request.
            cursor.execute("SET max_parallel_workers_per_gather = 0")
    connection._search_tuned = raw  # type: ignore[attr-defined]


def _datetime(value: Any) -> datetime:
    if isinstance(value, float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
