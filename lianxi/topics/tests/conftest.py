from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import World
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import Case
from lianxi.topics import similar


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """The similar-case index lives in the process; ids repeat across rolled-back tests."""
    similar.reset()
    yield
    similar.reset()


@pytest.fixture
def submit(world: World) -> Any:
    def do(actor: Any = None, **fields: Any) -> Case:
        data = Intake(
            kind=fields.pop("kind", "complaint"),
            title=fields.pop("title", "小区电梯长期故障"),
            content=fields.pop(
                "content", "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"
            ),
            channel=fields.pop("channel", "online"),
            community=fields.pop("community", world.community1),
            contact_phone=fields.pop("contact_phone", "13612345678"),
            **fields,
        )
        return submit_case(actor or AnonymousUser(), data=data).case

    return do
