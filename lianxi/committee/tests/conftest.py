"""Fixtures of the committee tests: fields of expertise, a few more deputies, helpers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, make_user
from lianxi.committee import actions
from lianxi.committee.actions import ActivityInput, AudienceSpec, NoticeInput
from lianxi.core.choices import Role
from lianxi.directory.models import Deputy, Expertise
from lianxi.directory.tests import factories as f


@pytest.fixture
def fields(db: Any) -> dict[str, Expertise]:
    return {n: Expertise.objects.create(name=n) for n in ["环保", "教育", "财政", "法律"]}


@pytest.fixture
def people(world: World, fields: dict[str, Expertise]) -> dict[str, Deputy]:
    """deputy_a: municipal, 环保; deputy_b: municipal, 教育; plus county and resigned ones."""
    world.deputy_a.expertise.add(fields["环保"])
    world.deputy_b.expertise.add(fields["教育"])
    county = f.deputy("赵county", world.district1, level="county", sector="farmer")
    county.expertise.add(fields["环保"])
    resigned = f.deputy("钱resigned", world.district1, status="resigned")
    resigned.expertise.add(fields["环保"])
    plain = f.deputy("孙plain", world.district2, sector="worker")
    return {
        "a": world.deputy_a,
        "b": world.deputy_b,
        "county": county,
        "resigned": resigned,
        "plain": plain,
    }


def deputy_user(deputy: Deputy, username: str) -> Any:
    user = make_user(username, Role.DEPUTY)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


@pytest.fixture
def make_notice(world: World) -> Any:
    def make(audience: AudienceSpec, *, publish: bool = True, **extra: Any) -> Any:
        data = NoticeInput(
            kind=extra.pop("kind", "briefing"),
            title=extra.pop("title", "关于开展生态环境保护专题调研的通知"),
            body=extra.pop("body", "<p>请各位代表认真阅读。</p>"),
            must_confirm=extra.pop("must_confirm", True),
            closes_at=extra.pop("closes_at", None),
            audience=audience,
        )
        notice = actions.save_notice(world["committee"], data=data)
        if publish:
            notice = actions.publish_notice(world["committee"], notice=notice)
        return notice

    return make


@pytest.fixture
def make_activity(world: World) -> Any:
    def make(**extra: Any) -> Any:
        start = extra.pop("starts_at", timezone.now() + timedelta(days=10))
        data = ActivityInput(
            kind=extra.pop("kind", "legislative"),
            title=extra.pop("title", "《示范市生态环境保护条例》立法调研"),
            topic=extra.pop("topic", "生态环境保护条例修订"),
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            place=extra.pop("place", "市人大常委会第一会议室"),
            capacity=extra.pop("capacity", 10),
            **extra,
        )
        return actions.save_activity(world["committee"], data=data)

    return make
