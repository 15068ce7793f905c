"""The demo generator fills a year of rota, attendance, receptions and visits."""

from __future__ import annotations

from conftest import World
from lianxi.liaison.compliance import evaluate
from lianxi.liaison.demo.generate import generate
from lianxi.liaison.models import Duty, Reception, Shift, Visit


def test_generate_a_year(world: World) -> None:
    counts = generate(7)
    assert counts["值班班次"] == Shift.objects.count() > 52
    assert Duty.objects.exclude(attendance="pending").exists()
    assert Reception.objects.count() == counts["接待记录"] > 0
    assert Visit.objects.count() == counts["走访记录"]
    standing = evaluate(world.deputy_a, Shift.objects.latest("starts_at").starts_at.year)
    assert standing.rule is not None and len(standing.measures) == 5
