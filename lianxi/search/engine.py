"""Running a search: full-text candidates, limited to what the user may see, ranked.

One SQL statement finds the candidates: the newest `CANDIDATES` documents that contain every
token, pass the filters and are visible to the user (a correlated EXISTS on each kind's
`visible_ids(user)` queryset, so visibility stays in the querysets). The candidates are then
ordered by relevance (SQLite: BM25 over the candidates, lianxi/search/ranking.py; PostgreSQL
ts_rank; title weighted higher) or by date, and
only the page shown is read in full. Walking the matches newest first and stopping early keeps
the time flat however many documents match; the count is exact below the cap and shown as
"more than …" above it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from lianxi.search import ranking
from lianxi.search.kinds import id_range
from lianxi.search.models import Document
from lianxi.search.text import Query

CANDIDATES = 500
# PostgreSQL, large scopes: how many of the newest matches are tested for visibility at most.
SCAN_FACTOR = 10
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


@dataclass
class Hit:
    document_id: int
    kind: str
    object_id: int
    at: datetime
    score: float
    document: Document | None = None


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
    if connection.vendor == "postgresql":
        return _postgres_sql(query, scope, start, end, limit)
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


def _postgres_sql(
    query: Query, scope: Scope, start: datetime | None, end: datetime | None, limit: int
) -> tuple[str, list[Any]] | None:
    """The tsquery is written inline so the planner estimates from the column's statistics:
    a rare pair of words is read through the GIN index, a common one by walking the primary key
    backwards until enough newest matches are found. Visibility (a small scope's ids gathered
    once, a large scope's EXISTS per row) is tested on at most SCAN_FACTOR × limit of the newest
    matches, until `limit` pass: a very common pair of words searched by someone who sees few
    cases finds their cases among the newest SCAN_FACTOR × limit matches only."""
    tokens = " ".join(query.tokens)
    low, high = id_range(scope.kind)
    extra, extra_params = _filters(query, start, end)
    inner_where = ["d.tsv @@ plainto_tsquery('simple', %s)", "d.id BETWEEN %s AND %s", *extra]
    inner_params: list[Any] = [tokens, low, high, *extra_params]
    rank = "ts_rank(m.tsv, plainto_tsquery('simple', %s))"
    visible = _visibility(scope, "m.id")
    if visible is None:
        return None
    inner = " AND ".join(inner_where)
    sql = (
        f"SELECT m.id, m.at, {rank} FROM ("  # noqa: S608 (our own SQL)
        f"SELECT d.id, d.at, d.tsv FROM search_document d WHERE {inner} "
        f"ORDER BY d.id DESC LIMIT %s) m WHERE {visible[0]} ORDER BY m.id DESC LIMIT %s"
    )
    return sql, [tokens, *inner_params, limit * SCAN_FACTOR, *visible[1], limit]


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
        built = _scope_sql(query, scope, start, end, limit, sort)
        if built is None:
            continue
        with connection.cursor() as cursor:
            cursor.execute(*built)
            rows = cursor.fetchall()
        low, _high = id_range(scope.kind)
        found.capped = found.capped or len(rows) >= limit
        if connection.vendor == "sqlite" and sort == "relevance":
            scored = ranking.scores([(r[0], r[3], r[4]) for r in rows], query.tokens, TITLE_WEIGHT)
            rows = [(r[0], r[1], scored.get(r[0], 0.0)) for r in rows]
        found.hits += [
            Hit(row[0], scope.kind, row[0] - low, _datetime(row[1]), float(row[2] or 0.0))
            for row in rows
        ]
    if sort == "date":
        found.hits.sort(key=lambda h: (h.at, h.document_id), reverse=True)
    else:
        found.hits.sort(key=lambda h: (h.score, h.at, h.document_id), reverse=True)
    return found


def _tune() -> None:
    """Once per connection. SQLite: read the index through a memory map, so the pages of a
    large index are read without a system call each. PostgreSQL: no JIT compilation."""
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
    connection._search_tuned = raw  # type: ignore[attr-defined]


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def load_documents(hits: list[Hit]) -> list[Hit]:
    """Read the documents of the hits shown (one query; their token strings are not needed)."""
    documents = Document.objects.only("kind", "object_id", "title", "body", "at").in_bulk(
        [h.document_id for h in hits]
    )
    for hit in hits:
        hit.document = documents.get(hit.document_id)
    return [h for h in hits if h.document is not None]
