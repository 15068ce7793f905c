"""The demo generator makes open and closed polls with counted results, once."""

from __future__ import annotations

import pytest

from conftest import World
from lianxi.polls.demo.generate import generate
from lianxi.polls.models import Link, Poll, Result

pytestmark = pytest.mark.django_db


def test_open_and_closed_polls_with_results(world: World) -> None:
    counts = generate(3, answers=60)
    assert counts["民意调查"] == 3 and counts["调查答卷"] == 90
    assert set(Poll.objects.values_list("status", flat=True)) == {"open", "closed", "pending"}
    for result in Result.objects.all():
        assert result.responses > 0 and result.data["questions"][0]["counts"]
    assert Link.objects.filter(kind="case").exists()
    assert generate(3, answers=60) == {}
