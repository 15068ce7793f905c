"""PostgreSQL's partial indexes over the recent months (lianxi/search/recent.py): which exist,
how they move on with the month, that a window of recent months is read through the smallest,
and that searches find the same with or without them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from lianxi.search import keys, recent
from lianxi.search.engine import Scope, candidates
from lianxi.search.index import index_document
from lianxi.search.models import Document
from lianxi.search.text import parse

pytestmark = pytest.mark.django_db(transaction=False)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partial indexes are PostgreSQL's"
)


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Which indexes exist is cached per process; these tests make and drop them."""
    recent._cache.clear()
    yield
    recent._cache.clear()


def existing() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_since_%%' "
            "ORDER BY indexname"
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_wanted_boundaries_follow_the_month() -> None:
    december = datetime(2026, 12, 2, 8, tzinfo=UTC)
    assert [keys.month_start(m) for m in recent.wanted(december)] == [
        datetime(2026, 10, 1, tzinfo=UTC),  # three months, this one included
        datetime(2026, 1, 1, tzinfo=UTC),  # twelve
    ]
    assert recent.name(recent.wanted(december)[0]) == "search_since_202610"


def test_nothing_to_do_on_sqlite() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's full-text index needs no partial indexes")
    assert recent.refresh() == {"made": [], "dropped": []}
    assert recent.boundaries() == []
    assert recent.since(keys.month(timezone.now())) is None


@postgres_only
def test_refresh_makes_this_months_indexes_and_drops_the_old() -> None:
    now = timezone.now()
    wanted = sorted(recent.name(m) for m in recent.wanted(now))
    assert existing() == wanted  # made by the migration
    assert recent.refresh(now) == {"made": [], "dropped": []}  # idempotent

    later = now + timedelta(days=400)
    moved = recent.refresh(later)
    assert sorted(moved["made"]) == sorted(recent.name(m) for m in recent.wanted(later))
    assert sorted(moved["dropped"]) == wanted
    assert existing() == sorted(moved["made"])
    assert recent.boundaries() == recent.wanted(later)


@postgres_only
def test_a_window_takes_the_smallest_index_that_holds_it() -> None:
    three, twelve = recent.wanted()
    assert recent.since(three) == keys.month_start(three)
    assert recent.since(three + 1) == keys.month_start(three)
    assert recent.since(three - 1) == keys.month_start(twelve)
    assert recent.since(twelve - 1) is None


@pytest.fixture
def notices() -> list[int]:
    """60 notices, one every 10 days back from yesterday: ids newest first."""
    now = timezone.now()
    for i in range(60):
        when = now - timedelta(days=1 + 10 * i)
        index_document("notice", 2100 - i, title=f"停水通知{i}", body="管道检修", when=when)
    return list(range(2100, 2040, -1))


def newest(limit: int) -> list[int]:
    everything = Scope("notice", Document.objects.values("pk"))
    hits = candidates(parse("管道 检修"), [everything], sort="date", limit=limit)
    return [h.object_id for h in hits.hits]


@postgres_only
@pytest.mark.parametrize("limit", [1, 5, 12, 40, 60, 500])
def test_searches_find_the_same_without_the_partial_indexes(notices: list[int], limit: int) -> None:
    assert newest(limit) == notices[:limit]
    with connection.cursor() as cursor:
        for name in existing():
            cursor.execute(f"DROP INDEX {name}")
    recent._cache.clear()
    assert recent.boundaries() == []
    assert newest(limit) == notices[:limit]


@postgres_only
def test_the_first_window_asks_for_the_recent_index(notices: list[int]) -> None:
    statements: list[tuple[str, Any]] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert newest(3) == notices[:3]
    window = next(s for s in statements if "ts_match_vq" in s[0])
    assert f"'{keys.month_start(recent.wanted()[0]).isoformat()}'" in window[0]
    # What makes the partial index usable: the planner sees a literal bound that implies its
    # predicate. (Which index a plan takes depends on the statistics of a large table: on a
    # million cases it is this one, docs/search.md.)
    assert recent.name(recent.wanted()[0]) in existing()
