"""The demo step fills the statistics tables with the real refresh job."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from conftest import World
from lianxi.cases.models import Case
from lianxi.stats.demo.generate import generate
from lianxi.stats.models import AreaMonth, RefreshRun
from lianxi.stats.tests.conftest import Ledger

pytestmark = pytest.mark.django_db


def test_demo_refreshes_everything(world: World, ledger: Ledger) -> None:
    counts = generate(1)
    assert counts["统计月份"] == 3
    assert AreaMonth.objects.aggregate(n=Sum("cases"))["n"] == Case.objects.count()
    assert RefreshRun.objects.filter(full=True).count() == 1
