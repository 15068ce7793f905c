"""The demo generator fills a year of rota, attendance, receptions and visits, with rules
for every year its data covers."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from conftest import World
from lianxi.liaison.compliance import evaluate
from lianxi.liaison.demo.generate import generate
from lianxi.liaison.models import Duty, LiaisonRule, Reception, Shift, Visit


# 6 December: the rota already reaches into next January (the day this test first failed).
@pytest.mark.parametrize("today", ["2026-06-15", "2026-12-06", "2026-12-31", "2027-01-01"])
def test_generate_a_year(world: World, today: str) -> None:
    with freeze_time(f"{today} 10:00:00+08:00"):
        counts = generate(7)
    assert counts["值班班次"] == Shift.objects.count() > 52
    assert Duty.objects.exclude(attendance="pending").exists()
    assert Reception.objects.count() == counts["接待记录"] > 0
    assert Visit.objects.count() == counts["走访记录"]
    first = Shift.objects.earliest("starts_at").starts_at.year
    last = Shift.objects.latest("starts_at").starts_at.year
    for year in range(first, last + 1):
        standing = evaluate(world.deputy_a, year)
        assert standing.rule is not None and standing.rule.year == year
        assert standing.inherited_from is None and len(standing.measures) == 5
    assert set(LiaisonRule.objects.values_list("year", flat=True)) >= set(range(first, last + 1))
