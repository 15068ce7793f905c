"""Fixtures: a clock fixed on a Monday, and a poll of the city built by committee staff with
every kind of question and one branch (answer 否 to question 1 skips to question 3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import World, make_user
from lianxi.core.choices import Role
from lianxi.polls import actions
from lianxi.polls.actions import Details, QuestionSpec, Submission
from lianxi.polls.models import Poll

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fixed_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=True):
        yield NOW


def details(world: World, **changes: Any) -> Details:
    base = {
        "title": "老旧小区加装电梯意向调查",
        "intro": "了解居民对加装电梯的意愿。",
        "area_id": world.city.pk,
        "audience": "public",
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=30),
    }
    base.update(changes)
    return Details(**base)


QUESTIONS = [
    QuestionSpec("single", "您是否支持加装电梯？", options=["支持", "不支持"], branches=[(2, 3)]),
    QuestionSpec("multi", "您最关心哪些问题？", options=["费用分摊", "施工噪音", "采光", "维护"]),
    QuestionSpec("scale", "您对目前的出行便利程度打几分？"),
    QuestionSpec("rank", "请为以下事项排序", options=["电梯", "停车", "绿化"]),
    QuestionSpec("text", "其他意见", required=False),
]


def build(world: World, actor: Any = None, **changes: Any) -> Poll:
    actor = actor or world["committee"]
    poll = actions.create_poll(actor, details(world, **changes))
    for spec in QUESTIONS:
        actions.save_question(actor, poll, QuestionSpec(**vars(spec)))
    return poll


@pytest.fixture
def draft(world: World) -> Poll:
    return build(world)


@pytest.fixture
def open_poll(world: World, draft: Poll) -> Poll:
    return actions.publish(world["committee"], draft)


def ids(poll: Poll) -> list[str]:
    return [str(q.pk) for q in poll.questions.order_by("number")]


def full(poll: Poll, text: str = "希望尽快加装，老人上下楼太难。") -> dict[str, Any]:
    q = ids(poll)
    return {q[0]: 0, q[1]: [0, 2], q[2]: 4, q[3]: [2, 0, 1], q[4]: text}


def answer(poll: Poll, user: Any, raw: dict[str, Any] | None = None, **extra: Any) -> Any:
    return actions.answer(user, poll, Submission(answers=raw or full(poll), **extra))


def citizen(n: int) -> Any:
    return make_user(f"citizen{n}", Role.CITIZEN, phone=f"137{n:08d}")
