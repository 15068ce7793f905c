"""The demo generator fills every state, and the demo deputy has one of each."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.proposals.actions import missing_co_opinions
from lianxi.proposals.choices import Status
from lianxi.proposals.demo.generate import generate
from lianxi.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_every_state_and_a_second_run_adds_nothing(world: World, case: Any) -> None:
    counts = generate(5, count=120)
    assert counts["代表议案建议"] == 120
    replied_with_co = Proposal.objects.filter(status__in=["replied", "closed"]).exclude(
        co_units=None
    )
    assert all(not missing_co_opinions(p) for p in replied_with_co)
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Status.values)
    assert generate(5, count=120) == {}
    replied = Proposal.objects.filter(status="closed").first()
    assert replied is not None and replied.result and replied.rating
