"""The rebuild from stored evidence gives the lines the subscribers wrote, and the demo
generator scores every serving deputy once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import World
from lianxi.cases import actions as cases
from lianxi.liaison import actions as liaison
from lianxi.liaison.actions.visits import VisitInput
from lianxi.performance.backfill import rebuild_year
from lianxi.performance.demo.generate import generate
from lianxi.performance.models import Line, Record

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 5, 11, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(DAY, tick=False):
        yield


def snapshot() -> set[tuple[Any, ...]]:
    return set(Line.objects.values_list("record__deputy_id", "kind", "day", "source", "source_id"))


def act(world: World, submit: Any) -> None:
    visit = liaison.log_visit(
        world["deputy_a"],
        data=VisitInput(
            date=date(2026, 5, 8),
            community=world.community1,
            method="home",
            people_met=6,
            co_deputies=[world.deputy_b],
        ),
    )
    liaison.review_visit(world["committee"], visit=visit, approve=True)
    case = cases.accept_case(
        world["committee"], case=submit(world["citizen"]), deputy=world.deputy_a
    )
    cases.reply_to_case(world["deputy_a"], case=case, text="已向街道了解，下周统一处理。")
    cases.accept_case(world["committee"], case=submit(world["citizen"]), deputy=world.deputy_b)


def test_rebuild_matches_what_the_subscribers_wrote(world: World, submit: Any) -> None:
    act(world, submit)
    live = snapshot()
    assert len(live) == 5
    assert rebuild_year(2026) == 5
    assert snapshot() == live
    assert rebuild_year(2026) == 5 and snapshot() == live  # twice: the same


def test_demo_scores_every_serving_deputy_once(world: World, submit: Any) -> None:
    act(world, submit)
    Record.objects.all().delete()
    counts = generate(7)
    assert counts == {"履职记录": 5, "履职档案": 2}
    scored = dict(Record.objects.values_list("deputy__name", "score"))
    assert scored["李明华"] > scored["王秀英"]  # 2 visits' worth vs 1, an answer on time
    assert generate(7) == {}
