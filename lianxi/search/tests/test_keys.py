"""Index keys (lianxi/search/keys.py) and the newest-first windows of months that PostgreSQL
reads through them: the keys follow the case through the steps that change who sees it, and a
search over documents spread across years finds the same newest ones a plain scan would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from lianxi.cases import actions
from lianxi.search import frequency, keys
from lianxi.search.engine import Scope, candidates
from lianxi.search.index import index_document
from lianxi.search.models import Document
from lianxi.search.service import Params, search
from lianxi.search.text import parse

pytestmark = pytest.mark.django_db(transaction=False)


def keys_of(case: Any) -> set[str]:
    return set(Document.objects.get(kind="case", object_id=case.pk).keys.split())


def found(user: Any, q: str, *, public: bool = False, **kwargs: Any) -> list[int]:
    results = search(user, Params(q=q, kind=kwargs.pop("kind", "case"), **kwargs), public=public)
    return [row.object_id for row in results.rows]


def test_months_count_from_year_zero_in_utc() -> None:
    assert keys.month(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == 2026 * 12
    assert keys.time_keys(2026 * 12 + 4) == ["~m24316", "~q8105", "~y2026"]
    december, may = 2026 * 12 + 11, 2026 * 12 + 4
    assert keys.bucket(december, 12) == ("~y2026", 12)
    assert keys.bucket(december, 11) == ("~q8107", 3)
    assert keys.bucket(december, 2) == ("~m24323", 1)
    assert keys.bucket(may, 12) == ("~m24316", 1)  # May ends neither a quarter nor a year
    # May and April 2026, then four quarters back to April 2025
    assert keys.cover(may - 13, may) == [
        "~m24316",
        "~m24315",
        "~q8104",
        "~q8103",
        "~q8102",
        "~q8101",
    ]


def test_keys_follow_deputy_station_and_publishing(
    world: World, submit: Any, published: Any
) -> None:
    case = submit(title="小区电梯长期故障", community=world.community1)
    when = set(keys.time_keys(keys.month(case.submitted_at)))
    assert keys_of(case) == {*when, f"~d{world.deputy_a.pk}", f"~s{world.station_a.pk}"}
    case = actions.accept_case(world["committee"], case=case)
    case = actions.reassign_case(
        world["committee"], case=case, deputy=world.deputy_b, station=world.station_b
    )
    assert keys_of(case) == {*when, f"~d{world.deputy_b.pk}", f"~s{world.station_b.pk}"}
    assert found(world["deputy_b"], "电梯") == [case.pk]
    assert found(world["staff_b"], "电梯") == [case.pk]
    assert found(world["deputy_a"], "电梯") == []

    shown = published(title="路灯损坏需要维修")
    assert keys.PUBLIC in keys_of(shown)
    assert found(None, "路灯", public=True) == [shown.pk]
    from lianxi.cases.publish import unpublish_case

    unpublish_case(world["committee"], case=shown)
    assert keys.PUBLIC not in keys_of(shown)
    assert found(None, "路灯", public=True) == []


def test_a_stale_key_never_shows_what_the_user_may_not_see(world: World, submit: Any) -> None:
    """Keys only narrow: a wrong key on a document still leaves it to visibility."""
    other = submit(title="电梯噪音扰民严重", community=world.community2)  # deputy B
    Document.objects.filter(kind="case", object_id=other.pk).update(
        keys=f"~m{keys.month(other.submitted_at)} ~d{world.deputy_a.pk} ~pub"
    )
    assert found(world["deputy_a"], "电梯") == []
    assert found(None, "电梯", public=True) == []


@pytest.fixture
def spread(world: World) -> list[int]:
    """60 notices, one every 20 days back from yesterday, and one from ten years ago:
    their ids, newest first (ids grow with time, as the engine's order assumes)."""
    now = timezone.now()
    for i in range(60):
        when = now - timedelta(days=1 + 20 * i)
        index_document("notice", 1100 - i, title=f"安全通知{i}", body="电梯年检", when=when)
    index_document("notice", 999, title="旧通知", body="电梯年检", when=now - timedelta(days=3650))
    return [*range(1100, 1040, -1), 999]


def newest(limit: int, **kwargs: Any) -> list[int]:
    everything = Scope("notice", Document.objects.values("pk"))  # no filter: every notice
    hits = candidates(parse("电梯 年检"), [everything], sort="date", limit=limit, **kwargs)
    return [h.object_id for h in hits.hits]


STATISTICS = {
    "none": (0.0, {}),
    # 年检 rare: one query, the GIN index hands over all its matches
    "rare": (1_000_000.0, {"电梯": 0.5, "年检": 0.0001}),
    # 电梯 common: tested on the rows read instead of in the GIN index; windows of months
    "common": (1_000_000.0, {"电梯": 0.5, "年检": 0.05}),
    # both common: the newest documents are walked first, then the windows below them
    "dense": (1_000_000.0, {"电梯": 0.9, "年检": 0.9}),
}


@pytest.mark.parametrize("statistics", sorted(STATISTICS))
@pytest.mark.parametrize("limit", [1, 3, 7, 25, 60, 61, 500])
def test_windows_find_the_newest_matches(
    spread: list[int], limit: int, statistics: str, monkeypatch: Any
) -> None:
    """PostgreSQL reads windows of months, then the rest (SQLite walks its index once);
    whatever the statistics say of the words, the answer is the same."""
    monkeypatch.setattr(frequency, "shares", lambda: STATISTICS[statistics])
    assert newest(limit) == spread[:limit]


def test_windows_keep_to_the_dates_asked(spread: list[int]) -> None:
    now = timezone.now()
    start, end = now - timedelta(days=400), now - timedelta(days=100)
    inside = [1100 - i for i in range(60) if start <= now - timedelta(days=1 + 20 * i) < end]
    assert newest(500, start=start, end=end) == inside
    assert newest(3, start=start, end=end) == inside[:3]
    assert newest(500, end=now - timedelta(days=3000)) == [999]
    assert newest(500, start=now - timedelta(days=10)) == [1100]


def test_a_document_dated_ahead_is_found_too(spread: list[int]) -> None:
    index_document(
        "notice", 1200, title="预告", body="电梯年检", when=timezone.now() + timedelta(days=60)
    )
    assert set(newest(500)) == {1200, *spread}


def test_a_window_ending_now_counts_the_part_of_this_month_gone_by() -> None:
    """Early in a month the first window holds little more than last month: its yield is a
    rate over the time it covers, not over its calendar months."""
    from lianxi.search.engine import _elapsed

    moment = datetime(2026, 12, 4, tzinfo=UTC)  # 3 of December's 31 days gone
    now = keys.month(moment)
    assert _elapsed(now - 1, now, now, moment) == pytest.approx(1 + 3 / 31)
    assert _elapsed(now - 5, now - 2, now, moment) == 4.0
    assert _elapsed(now, now, now, datetime(2026, 12, 1, tzinfo=UTC)) == 0.05
