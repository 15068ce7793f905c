"""Rankings and distributions of a year's scores: group counts, means and grades equal those
counted by hand, area groups follow the jurisdiction, the .xlsx export has its columns, and
only committee staff see any of it (their jurisdiction only)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import time_machine

from conftest import World
from lianxi.directory.tests import factories as f
from lianxi.performance import ranking
from lianxi.performance.models import Record

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel("2026-06-01 10:00 +08:00", tick=False):
        yield


GRADE_OF = {
    None: "",
    92: "excellent",
    75: "competent",
    61: "competent",
    50: "basic",
    40: "incompetent",
}


@pytest.fixture
def scores(world: World) -> dict[str, Record]:
    """Six deputies of the city with scores set by hand:

    name    constituency   level      sector        delegation   score
    李明华  东湖区          municipal  professional  东湖代表团    92
    张伟    青石街道(东湖)  county     worker        东湖代表团    75
    赵敏    东湖区          county     farmer        —             40
    王秀英  西山区          municipal  professional  西山代表团    61
    陈刚    西山区          municipal  worker        西山代表团    50
    刘洋    西山区          municipal  official      西山代表团    (not scored)
    """
    world.deputy_a.delegation = "东湖代表团"
    world.deputy_a.save()
    world.deputy_b.delegation = "西山代表团"
    world.deputy_b.save()
    people = {
        "李明华": (world.deputy_a, 92),
        "王秀英": (world.deputy_b, 61),
        "张伟": (
            f.deputy(
                "张伟", world.street1, level="county", sector="worker", delegation="东湖代表团"
            ),
            75,
        ),
        "赵敏": (f.deputy("赵敏", world.district1, level="county", sector="farmer"), 40),
        "陈刚": (f.deputy("陈刚", world.district2, sector="worker", delegation="西山代表团"), 50),
        "刘洋": (
            f.deputy("刘洋", world.district2, sector="official", delegation="西山代表团"),
            None,
        ),
    }
    made = {}
    for name, (deputy, score) in people.items():
        made[name] = Record.objects.create(
            deputy=deputy,
            year=YEAR,
            score=None if score is None else Decimal(score),
            grade=GRADE_OF[score],
        )
    # Another year does not count.
    Record.objects.create(deputy=world.deputy_b, year=YEAR - 1, score=99, grade="excellent")
    return made


def by_label(groups: list[ranking.Group]) -> dict[str, ranking.Group]:
    return {g.label: g for g in groups}


def test_groups_by_area_level_sector_and_delegation(world: World, scores: Any) -> None:
    rows = ranking.rows(world["committee"], YEAR)
    assert len(rows) == 6
    areas = by_label(ranking.groups(rows, "area"))
    assert set(areas) == {"东湖区", "西山区"}  # 张伟's street counts in its district
    east, west = areas["东湖区"], areas["西山区"]
    assert (east.deputies, east.scored, east.mean, east.median) == (3, 3, Decimal("69.00"), 75)
    assert (east.highest, east.lowest) == (92, 40)
    assert east.grade_counts == [1, 1, 0, 1]  # excellent, competent, basic, not competent
    assert (west.deputies, west.scored, west.mean, west.median) == (3, 2, Decimal("55.50"), 55.5)
    assert west.grade_counts == [0, 1, 1, 0]
    assert (east.rank, west.rank) == (1, 2) and east.excellent_share == "33.3%"

    levels = by_label(ranking.groups(rows, "level"))
    assert (levels["市级"].deputies, levels["市级"].mean) == (4, Decimal("67.67"))
    assert (levels["县（区）级"].deputies, levels["县（区）级"].mean) == (2, Decimal("57.50"))

    sectors = by_label(ranking.groups(rows, "sector"))
    assert sectors["专业技术人员"].mean == Decimal("76.50")
    assert sectors["工人"].mean == Decimal("62.50")
    assert sectors["农民"].mean == Decimal(40)
    assert sectors["党政干部"].mean is None and sectors["党政干部"].rank == 4  # unscored last

    delegations = by_label(ranking.groups(rows, "delegation"))
    assert delegations["东湖代表团"].mean == Decimal("83.50")
    assert delegations["西山代表团"].deputies == 3 and delegations["西山代表团"].scored == 2
    assert delegations["未编入代表团"].deputies == 1


def test_grade_distribution_and_histogram(world: World, scores: Any) -> None:
    rows = ranking.rows(world["committee"], YEAR)
    assert ranking.grade_counts(rows) == {
        "excellent": 1,
        "competent": 2,
        "basic": 1,
        "incompetent": 1,
        "": 1,
    }
    bands = dict(ranking.histogram(rows))
    assert len(bands) == 11 and sum(bands.values()) == 5
    assert bands["40–50"] == 1 and bands["50–60"] == 1 and bands["60–70"] == 1
    assert bands["70–80"] == 1 and bands["90–100"] == 1 and bands["0–10"] == 0


def test_the_jurisdiction_bounds_the_figures(world: World, scores: Any) -> None:
    rows = ranking.rows(world["committee_d1"], YEAR)
    assert sorted(r.name for r in rows) == ["张伟", "李明华", "赵敏"]
    # Staff of a district see its streets; a deputy elected for the whole district stays apart.
    areas = by_label(ranking.groups(rows, "area"))
    assert {k: g.deputies for k, g in areas.items()} == {"东湖区": 2, "青石街道": 1}
    assert [r.name for r in ranking.rows(world["deputy_a"], YEAR)] == ["李明华"]
    assert ranking.rows(world["citizen"], YEAR) == []


def test_equal_scores_share_a_rank() -> None:
    def row(pk: int, name: str, score: int | None) -> ranking.Row:
        value = None if score is None else Decimal(score)
        return ranking.Row(pk, pk, name, "municipal", "", "worker", "99", "区", value, "")

    ranked = ranking.ranked(
        [row(1, "甲", 80), row(2, "乙", 90), row(3, "丙", 80), row(4, "丁", None)]
    )
    assert [(rank, r.name) for rank, r in ranked] == [(1, "乙"), (2, "丙"), (2, "甲"), (4, "丁")]


def test_the_page_and_its_export(world: World, scores: Any, login: Any) -> None:
    staff = login(world["committee"])
    page = staff.get(f"/work/performance/distribution/?year={YEAR}&by=area")
    assert page.status_code == 200
    text = page.content.decode()
    assert "东湖区" in text and "69.00" in text and "55.50" in text
    assert 'id="performance-charts"' in text and "echarts.min.js" in text
    group = staff.get(f"/work/performance/distribution/?year={YEAR}&by=delegation&group=东湖代表团")
    members = group.content.decode()
    assert (
        "东湖代表团内排名" in members
        and "张伟" in members
        and "赵敏" not in members.split('id="members"')[1]
    )

    export = staff.get(f"/work/performance/distribution.xlsx?year={YEAR}&by=area")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
    assert book.sheetnames == ["按区域", "代表名单", "等次分布", "分数段", "筛选条件"]
    groups = list(book["按区域"].iter_rows(values_only=True))
    assert groups[0] == (
        "名次", "区域", "代表人数", "已评分", "平均分", "中位数", "最高分", "最低分",
        "优秀", "称职", "基本称职", "不称职", "优秀率",
    )  # fmt: skip
    assert groups[1][:8] == (1, "东湖区", 3, 3, 69, 75, 92, 40)
    assert groups[2][:5] == (2, "西山区", 3, 2, 55.5)
    deputies = list(book["代表名单"].iter_rows(values_only=True))
    assert deputies[0] == (
        "名次", "姓名", "代表层级", "代表团", "区域", "选区", "界别", "得分", "等次",
    )  # fmt: skip
    assert len(deputies) == 7
    assert deputies[1][:3] == (1, "李明华", "市级") and deputies[1][7:] == (92, "优秀")
    assert deputies[6][1] == "刘洋" and deputies[6][7] is None
    grades = list(book["等次分布"].iter_rows(values_only=True))
    assert grades[1] == ("优秀", 1, "20.0%") and grades[5][:2] == ("未评分", 1)


def test_only_staff_see_rankings(world: World, scores: Any, login: Any) -> None:
    for name in ("deputy_a", "staff_a", "handler_x", "citizen"):
        client = login(world[name])
        assert client.get("/work/performance/distribution/").status_code == 404, name
        assert client.get("/work/performance/distribution.xlsx").status_code == 404, name
    d1 = login(world["committee_d1"]).get(f"/work/performance/distribution/?year={YEAR}&by=level")
    text = d1.content.decode()
    assert d1.status_code == 200 and "东湖区共 3 份履职档案" in text
    assert "王秀英" not in text


def test_an_empty_year_says_so(world: World, login: Any) -> None:
    page = login(world["committee"]).get("/work/performance/distribution/?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "暂无履职档案" in text
    assert 'id="performance-charts"' not in text
