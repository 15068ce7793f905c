"""Scores against records computed by hand: caps, deductions, bands, versions; computing
twice gives the same result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.performance import actions
from lianxi.performance.lines import Want, sync
from lianxi.performance.models import Record, SchemeVersion
from lianxi.performance.scoring import Item, Rules, recompute_records, recompute_year, score_of

pytestmark = pytest.mark.django_db


def rules(base: str = "0", *items: tuple[str, str, str | None], bands: Any = (90, 60, 45)) -> Rules:
    return Rules(
        base=D(base),
        items=tuple(Item(k, D(p), None if c is None else D(c)) for k, p, c in items),
        excellent_from=D(bands[0]),
        competent_from=D(bands[1]),
        basic_from=D(bands[2]),
    )


def test_plain_points_without_caps() -> None:
    scheme = rules("10", ("visit", "3", None), ("duty_kept", "2", None))
    score, grade, rows = score_of(scheme, {"visit": D(5), "duty_kept": D(4)})
    assert score == D("33.00")  # 10 + 5×3 + 4×2
    assert grade == "incompetent"
    assert [(r["kind"], r["value"], r["capped"]) for r in rows] == [
        ("visit", "15.00", False),
        ("duty_kept", "8.00", False),
    ]


def test_caps_bound_an_item_and_deductions_are_capped_too() -> None:
    scheme = rules(
        "40",
        ("visit", "2", "16"),  # 12 visits: 24 → capped at 16
        ("duty_missed", "-4", "10"),  # 3 missed: −12 → capped at −10
        ("notice_read", "0.2", "2"),  # 7 read: 1.4
        ("case_on_time", "1.5", "20"),  # 9: 13.5
    )
    counts = {"visit": D(12), "duty_missed": D(3), "notice_read": D(7), "case_on_time": D(9)}
    score, grade, rows = score_of(scheme, counts)
    assert score == D("60.90")  # 40 + 16 − 10 + 1.4 + 13.5
    assert grade == "competent"
    capped = {r["kind"]: (r["raw"], r["value"], r["capped"]) for r in rows}
    assert capped["visit"] == ("24.00", "16.00", True)
    assert capped["duty_missed"] == ("-12.00", "-10.00", True)
    assert capped["notice_read"] == ("1.40", "1.40", False)


def test_bands_and_a_score_never_below_zero() -> None:
    scheme = rules(
        "50", ("visit", "10", None), ("activity_missed", "-20", None), bands=(90, 60, 45)
    )
    assert score_of(scheme, {"visit": D(4)})[:2] == (D("90.00"), "excellent")
    assert score_of(scheme, {"visit": D(1)})[:2] == (D("60.00"), "competent")
    assert score_of(scheme, {})[:2] == (D("50.00"), "basic")
    assert score_of(scheme, {"activity_missed": D(1)})[:2] == (D("30.00"), "incompetent")
    assert score_of(scheme, {"activity_missed": D(5)})[:2] == (D("0.00"), "incompetent")


def data(*items: tuple[str, Any, Any], base: Any = 0, **bands: Any) -> actions.SchemeData:
    return actions.SchemeData(
        items=[actions.ItemData(k, p, c) for k, p, c in items], base=base, **bands
    )


def lines(world: World, kind: str, n: int, deputy: Any = None, start: int = 1) -> None:
    deputy = deputy or world.deputy_a
    for i in range(start, start + n):
        sync(f"test.{kind}", i, [Want(deputy.pk, kind, date(2026, 3, 1), f"{kind} {i}")])


@time_machine.travel("2026-06-01 10:00 +08:00", tick=False)
def test_a_scheme_in_use_is_versioned_and_the_year_recomputed(world: World, commit: Any) -> None:
    lines(world, "visit", 5)
    lines(world, "duty_missed", 2)
    lines(world, "visit", 1, deputy=world.deputy_b, start=100)
    with commit():
        first = actions.save_scheme(
            world["committee"],
            year=2026,
            data=data(("visit", 4, 12), ("duty_missed", -5, None), base=50),
        )
    assert first.number == 1
    a = Record.objects.get(deputy=world.deputy_a, year=2026)
    b = Record.objects.get(deputy=world.deputy_b, year=2026)
    assert a.score == D("52.00") and a.version == first  # 50 + min(20, 12) − 10
    assert b.score == D("54.00") and b.grade == "basic"  # 50 + 4
    with commit():
        again = actions.save_scheme(
            world["committee"],
            year=2026,
            data=data(("visit", 6, None), ("duty_missed", -2, "3"), base=50, note="走访加分提高"),
        )
    assert again.number == 2 and SchemeVersion.objects.filter(pk=first.pk).exists()
    assert first.items.get(kind="visit").points == D(4)  # the old version is kept as it was
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.score == D("77.00") and a.version == again and a.grade == "competent"  # 50+30−3
    assert b.score == D("56.00")


@time_machine.travel("2026-06-01 10:00 +08:00", tick=False)
def test_a_scheme_not_yet_in_use_is_edited_in_place(world: World) -> None:
    with time_machine.travel("2026-06-01 10:00 +08:00", tick=False):
        first = actions.save_scheme(world["committee"], year=2027, data=data(("visit", 1, None)))
        second = actions.save_scheme(world["committee"], year=2027, data=data(("visit", 2, None)))
    assert first.pk == second.pk and second.items.get().points == D(2)


@time_machine.travel("2026-06-01 10:00 +08:00", tick=False)
def test_recomputing_twice_gives_the_same_result(world: World, commit: Any) -> None:
    lines(world, "visit", 3)
    lines(world, "case_on_time", 4)
    lines(world, "case_late", 2)
    with commit():
        actions.save_scheme(
            world["committee"],
            year=2026,
            data=data(("visit", "2.5", None), ("case_on_time", 1, 3), ("case_late", "-1.5", None)),
        )
    before = list(Record.objects.order_by("pk").values("pk", "score", "grade", "breakdown"))
    assert recompute_year(2026) == recompute_year(2026) == 2
    after = list(Record.objects.order_by("pk").values("pk", "score", "grade", "breakdown"))
    assert before == after
    a = Record.objects.get(deputy=world.deputy_a)
    assert a.score == D("7.50")  # 7.5 + 3 (capped from 4) − 3


def test_bad_schemes_are_refused_naming_the_field(world: World) -> None:
    from lianxi.core.errors import InvalidInput, NotAllowed

    with pytest.raises(InvalidInput) as bad:
        actions.save_scheme(world["committee"], year=2026, data=data(("nothing", 1, None)))
    assert bad.value.field == "items.0.kind"
    with pytest.raises(InvalidInput) as bands:
        actions.save_scheme(
            world["committee"],
            year=2026,
            data=data(("visit", 1, None), excellent_from=50, competent_from=60),
        )
    assert bands.value.field == "competent_from"
    with pytest.raises(NotAllowed):
        actions.save_scheme(world["deputy_a"], year=2026, data=data(("visit", 1, None)))


def test_records_without_a_scheme_have_no_score(world: World) -> None:
    lines(world, "visit", 2)
    record = Record.objects.get()
    assert recompute_records([record.pk]) == 1
    record.refresh_from_db()
    assert record.score is None and record.grade == "" and record.lines.count() == 2
