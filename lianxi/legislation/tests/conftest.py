"""Fixtures of the legislation tests: a draft of 14 articles, a contact point, a consultation
open on a fixed day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import World
from lianxi.legislation import actions
from lianxi.legislation.models import Consultation, ContactPoint
from lianxi.legislation.numerals import to_chinese

FIXED_NOW = datetime(2026, 5, 11, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = FIXED_NOW.date()


def draft_text(articles: int = 14, *, changed: dict[int, str] | None = None) -> str:
    """A draft in three chapters; article 2 has two paragraphs, the second with two items."""
    changed = changed or {}
    lines = ["示范市养犬管理条例（草案）"]
    per_chapter = max(1, articles // 3)
    chapter = 0
    for n in range(1, articles + 1):
        if (n - 1) % per_chapter == 0 and chapter < 3:
            chapter += 1
            lines.append(
                f"第{to_chinese(chapter)}章 {['总则', '养犬登记', '法律责任'][chapter - 1]}"
            )
        text = changed.get(n, f"养犬人应当遵守第{n}项规定，文明养犬，不得干扰他人正常生活。")
        lines.append(f"第{to_chinese(n)}条 {text}")
        if n == 2:
            lines.append("有下列情形之一的，不予登记：")
            lines.append("（一）犬只未接种狂犬病疫苗的；")
            lines.append("（二）饲养禁养犬只的。")
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def fixed_day() -> Any:
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


def details(**extra: Any) -> actions.Details:
    return actions.Details(
        title=extra.pop("title", "示范市养犬管理条例（草案）"),
        explanation=extra.pop("explanation", "为规范养犬行为，起草本条例。"),
        opens_on=extra.pop("opens_on", date(2026, 5, 1)),
        closes_on=extra.pop("closes_on", date(2026, 5, 31)),
        **extra,
    )


@pytest.fixture
def draft(world: World) -> Consultation:
    return actions.create_consultation(world["committee"], details=details(), text=draft_text())


@pytest.fixture
def consultation(world: World, draft: Consultation) -> Consultation:
    return actions.publish(world["committee"], draft)


@pytest.fixture
def contact_point(world: World) -> ContactPoint:
    return ContactPoint.objects.create(
        name="青石社区基层立法联系点", station=world.station_a, area=world.community1
    )


def article(consultation: Consultation, number: int) -> Any:
    version = consultation.current
    assert version is not None
    return version.provisions.get(kind="article", number=number)
