"""Fixtures: a suggestion drafted by deputy A from a citizen's case, helpers to move it on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import World
from lianxi.proposals import actions
from lianxi.proposals.actions import Draft
from lianxi.proposals.models import Proposal

MONDAY = date(2026, 3, 2)


@pytest.fixture
def case(world: World, submit: Any) -> Any:
    from lianxi.cases.actions import accept_case

    found = submit(actor=world["citizen"])
    accept_case(world["committee"], case=found, deputy=world.deputy_a)
    return found


@pytest.fixture
def draft(world: World, case: Any) -> Proposal:
    return actions.save_draft(
        world["deputy_a"],
        Draft(
            kind="suggestion",
            title="关于加快老旧小区电梯改造的建议",
            body="多个社区反映老旧小区电梯故障频发，群众上下楼困难，建议统筹改造。",
            reasons="群众反映集中。",
            measures="列入年度民生实事。",
            case_ids=[case.pk],
        ),
    )


@pytest.fixture
def assigned(world: World, draft: Proposal) -> Proposal:
    actions.file(world["deputy_a"], draft)
    actions.review(world["committee"], draft, "accept")
    return actions.assign(
        world["committee"], draft, world.dept_x.pk, [world.dept_y.pk], today=MONDAY
    )
