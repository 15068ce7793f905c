"""The grouping's rules on small fixed fixtures: a group takes every message about its
problem at its place (however many), groups about one problem at one place merge, other
problems at the same place and the same problem elsewhere stay out; duplicates need the same
place."""

from __future__ import annotations

from lianxi.topics.engine.complete import complete
from lianxi.topics.engine.grouping import cluster
from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import terms
from lianxi.topics.tests.gen import campaign, make

PLACE, ELSEWHERE = "丽景花园", "青松家园"


def build(texts: list[tuple[str, str]]) -> Index:
    index = Index()
    for number, (title, content) in enumerate(texts):
        index.add(number, terms(title, content), weigh=False)
    index.finalise()
    return index


def fixture(size: int = 45) -> tuple[Index, list[str]]:
    """A campaign of `size` letters at PLACE, six other problems at PLACE, four letters about
    the same plant at ELSEWHERE, and 60 unrelated matters; the kind of each ('c', 'o', 'e',
    's')."""
    letters, others = campaign(4, PLACE, size)
    elsewhere, _same = campaign(5, ELSEWHERE, 4)
    singles, _labels = make(seed=2, groups=0, singles=60)
    texts = letters + others + elsewhere + singles
    kinds = ["c"] * size + ["o"] * len(others) + ["e"] * len(elsewhere) + ["s"] * len(singles)
    return build(texts), kinds


def test_a_group_takes_every_letter_of_a_large_campaign_and_nothing_else() -> None:
    index, kinds = fixture(45)
    cores = cluster(index, whole=False)
    assert max(sum(kinds[d] == "c" for d in g) for g in cores) < 45  # links alone split it
    top = cluster(index)[0]
    assert len(top) == 45 > 32
    assert {kinds[d] for d in top} == {"c"}  # no road, water or bus letter of PLACE, no ELSEWHERE


def test_groups_about_one_problem_at_one_place_merge_and_other_places_do_not() -> None:
    index, kinds = fixture(45)
    letters = [d for d, k in enumerate(kinds) if k == "c"]
    elsewhere = [d for d, k in enumerate(kinds) if k == "e"]
    groups = complete(index, [letters[:20], letters[20:30], elsewhere], rare_df=20)
    merged = max(groups, key=len)
    assert set(letters) <= set(merged)
    assert not set(elsewhere) & set(merged)
    assert sorted(elsewhere) in groups


def test_a_small_group_does_not_absorb_other_problems_at_its_place() -> None:
    index, kinds = fixture(6)
    for group in cluster(index):
        assert len({kinds[d] for d in group}) == 1, [kinds[d] for d in group]


STREET_LIGHT = "一带的路灯坏了好几盏，晚上一片漆黑，行人经常摔倒，希望尽快修好。"


def test_duplicates_need_the_same_place() -> None:
    others, _labels = make(seed=2, groups=0, singles=40)
    index = build(
        [
            ("翠湖名苑小区路灯长期不亮", "翠湖名苑小区" + STREET_LIGHT),
            ("金桂花园路灯长期不亮", "金桂花园" + STREET_LIGHT),
            ("路灯长期不亮", "我家住翠湖名苑小区，小区东门" + STREET_LIGHT),
            ("路灯长期不亮", "东风路与建设路交叉口" + STREET_LIGHT),
            *others,
        ]
    )
    query = terms("翠湖名苑小区路灯不亮", "翠湖名苑小区" + STREET_LIGHT)
    assert index.same_place(query, 0) == "翠湖名苑小区"
    assert index.same_place(query, 1) == ""  # the same words at another compound
    assert "翠湖" in index.same_place(query, 2)  # named in the text only
    assert index.same_place(query, 3) == ""  # a crossing, not the compound
    road = terms("建设路路灯不亮", "东风路与建设路交叉口" + STREET_LIGHT)
    assert index.same_place(road, 3) in {"建设路", "东风路"}
    assert index.same_place(road, 0) == ""


def test_a_name_both_titles_carry_stands_for_the_place_only_without_places() -> None:
    others, _labels = make(seed=2, groups=0, singles=40)
    index = build(
        [
            ("恒达财富逾期不兑付", "恒达财富去年开始逾期，出借人的钱拿不回来。"),
            ("翠湖名苑小区商铺开饭店油烟扰民", "翠湖名苑小区一楼商铺开饭店，没有烟道。"),
            *others,
        ]
    )
    # A rare word of both titles (the platform's name, or what both ask for).
    assert index.same_place(terms("恒达财富何时兑付", "恒达财富拖欠出借人本金。"), 0) in {
        "恒达",
        "财富",
        "兑付",
    }
    assert (
        index.same_place(terms("金桂花园商铺开饭店油烟扰民", "金桂花园一楼商铺开饭店。"), 1) == ""
    )
