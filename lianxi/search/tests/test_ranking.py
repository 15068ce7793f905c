"""BM25 over the candidates (SQLite): title weighs more, rarer words weigh more, repeated
words count with diminishing returns, long documents are normalised."""

from __future__ import annotations

import pytest

from lianxi.search import ranking


@pytest.fixture
def frequencies(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"电梯": 500, "异响": 5}
    monkeypatch.setattr(ranking, "documents", lambda: 1000)
    monkeypatch.setattr(ranking, "frequency", lambda term: counts.get(term, 0))


def test_title_rare_words_and_repeats(frequencies: None) -> None:
    rows = [
        (1, "电梯 故障", "楼道 电梯 不 运行"),
        (2, "小区 绿化", "绿化 太少 电梯 偶尔"),
        (3, "小区 绿化", "电梯 有 异响 绿化"),
        (4, "小区 绿化", "电梯 坏 了 电梯 维修 电梯 困 人"),
        (5, "小区 绿化", "绿化 太少"),
    ]
    score = ranking.scores(rows, ["电梯", "异响"], title_weight=5.0)
    assert score[1] > score[4] > score[2]  # the title, then three mentions, then one
    assert score[3] > score[1]  # the rare word outweighs the common one in the title
    assert score[5] == 0.0
    assert ranking.scores([], ["电梯"], 5.0) == {}


def test_length_normalised(frequencies: None) -> None:
    short = (1, "", "电梯 坏 了")
    long = (2, "", "电梯 " + " ".join(["楼道"] * 60))
    score = ranking.scores([short, long], ["电梯"], title_weight=5.0)
    assert score[1] > score[2] > 0


@pytest.mark.django_db
def test_frequencies_are_counted_and_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connection

    from lianxi.search.index import index_document

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 document frequencies: SQLite only (PostgreSQL ranks with ts_rank)")
    ranking._frequencies.clear()
    ranking._documents[:] = [0.0, 0.0]
    index_document("notice", 1, title="电梯 安全 通知", body="电梯 年检")
    index_document("notice", 2, title="停车 通知", body="车位")
    assert ranking.documents() == 2
    assert ranking.frequency("电梯") == 1 and ranking.frequency("通知") == 2
    index_document("notice", 3, title="电梯 维修", body="")
    assert ranking.frequency("电梯") == 1  # cached until it expires
    monkeypatch.setattr(ranking, "TTL_SECONDS", 0.0)
    ranking._frequencies.clear()
    assert ranking.frequency("电梯") == 2
