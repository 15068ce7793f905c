"""The detector and the grouping on generated matters with known groups."""

from __future__ import annotations

from itertools import combinations

from lianxi.topics.engine.grouping import Group, cluster, describe
from lianxi.topics.engine.index import Index, similar_pairs
from lianxi.topics.engine.text import terms, words
from lianxi.topics.similar import DUPLICATE_MIN_SCORE
from lianxi.topics.tests.gen import make


def build(texts: list[tuple[str, str]]) -> Index:
    index = Index()
    for number, (title, content) in enumerate(texts):
        index.add(number, terms(title, content), weigh=False)
    index.finalise()
    return index


def test_words_drop_phone_numbers_and_stop_words() -> None:
    found = words("投诉翠湖名苑小区电梯故障，我的电话13912345678")
    assert "电梯" in found and "故障" in found
    assert not any("1391" in w for w in found)
    assert "投诉" not in found


def test_duplicates_found_with_high_precision_and_recall() -> None:
    texts, labels = make(seed=3)
    index = build(texts)
    found = {(a, b) for a, b, _s in similar_pairs(index, DUPLICATE_MIN_SCORE)}
    truth = {
        (a, b)
        for a, b in combinations(range(len(texts)), 2)
        if labels[a] == labels[b] and labels[a] >= 0
    }
    hits = len(found & truth)
    assert hits / len(truth) >= 0.9, (hits, len(truth))
    assert hits / len(found) >= 0.9, (hits, len(found))


def test_same_problem_elsewhere_is_not_a_duplicate() -> None:
    others, _labels = make(seed=2, groups=0, singles=40)  # realistic word statistics
    index = build(
        [
            ("翠湖名苑小区电梯频繁故障", "翠湖名苑小区的电梯最近坏了好几次，老人被困在电梯里。"),
            ("金桂花园电梯频繁故障", "金桂花园的电梯最近坏了好几次，老人被困在电梯里。"),
            ("投诉翠湖名苑小区电梯故障", "翠湖名苑小区电梯又坏了，老人被困在里面，物业不管。"),
            ("翠湖名苑小区路灯长期不亮", "翠湖名苑小区的路灯坏了三个月，晚上一片漆黑。"),
            *others,
        ]
    )
    query = terms("翠湖名苑小区电梯又坏了", "翠湖名苑小区的电梯坏了，老人被困在电梯里")
    hits = {key: score for key, score, _n in index.search(query, limit=10)}
    assert hits[0] >= DUPLICATE_MIN_SCORE and hits[2] >= DUPLICATE_MIN_SCORE
    assert hits.get(1, 0.0) < DUPLICATE_MIN_SCORE  # the same problem at 金桂花园
    assert hits.get(3, 0.0) < DUPLICATE_MIN_SCORE  # another problem at 翠湖名苑


def test_grouping_recovers_the_known_groups() -> None:
    texts, labels = make(seed=5, groups=6, per_group=6, singles=60)
    index = build(texts)
    groups = cluster(index)
    by_label: dict[int, list[int]] = {}
    for number, label in enumerate(labels):
        if label >= 0:
            by_label.setdefault(label, []).append(number)
    for label, members in by_label.items():
        best = max(groups, key=lambda g: len(set(g) & set(members)))
        assert len(set(best) & set(members)) >= 5, label  # most of it in one group
        assert sum(1 for m in best if labels[m] != label) <= 1  # and nearly nothing else
    assert len([g for g in groups if len(g) >= 4]) >= 6


def test_group_is_named_by_its_place_and_problem() -> None:
    texts, _labels = make(seed=9, groups=3, per_group=6, singles=20)
    index = build(texts)
    titles = [t for t, _c in texts]
    group = Group(max(cluster(index), key=len))
    describe(index, group, titles)
    place = next(
        p
        for p in __import__("lianxi.topics.tests.gen", fromlist=["PLACES"]).PLACES
        if p in titles[group.members[0]]
    )
    assert place[:3] in group.label
    assert group.terms
