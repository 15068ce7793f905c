"""The per-deputy / station / department tables follow the category filter: the rows are split
by top-level category, a filter reads its category's rows only, and no filter sums them all."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from conftest import World
from lianxi.cases.models import Case, Referral
from lianxi.stats import actions
from lianxi.stats.models import (
    DepartmentMonth,
    DepartmentWindow,
    DeputyMonth,
    DeputyWindow,
    StationMonth,
    StationWindow,
)
from lianxi.stats.tests.conftest import Ledger

pytestmark = pytest.mark.django_db
DASHBOARD = "stats_work:dashboard"
WINDOW_TABLES = (DeputyWindow, StationWindow, DepartmentWindow)


@pytest.fixture
def refreshed(world: World, ledger: Ledger) -> Ledger:
    actions.refresh_statistics(None, full=True)
    return ledger


def in_housing(ledger: Ledger, prefix: str = "") -> Q:
    """Cases (or, with `case__`, referrals) under the top-level housing category."""
    return Q(**{f"{prefix}category__in": [ledger.housing, ledger.housing_sub]})


def table(client: Any, name: str, **params: Any) -> dict[int, int]:
    response = client.get(reverse(DASHBOARD), {"period": "6", "table": name, **params})
    assert response.status_code == 200
    return {row["id"]: row["cases"] for row in response.context["rows"]}


def expected(world: World, ledger: Ledger, category: Q | None) -> dict[str, dict[int, int]]:
    cases = Case.objects.filter(category) if category is not None else Case.objects.all()
    referrals = Referral.objects.filter(role="lead")
    if category is not None:
        referrals = referrals.filter(case__in=cases)
    out: dict[str, dict[int, int]] = {"deputies": {}, "stations": {}, "departments": {}}
    for deputy in (world.deputy_a, world.deputy_b):
        if n := cases.filter(deputy=deputy).count():
            out["deputies"][deputy.pk] = n
    for station in (world.station_a, world.station_b):
        if n := cases.filter(station=station).count():
            out["stations"][station.pk] = n
    for dept in (world.dept_x, world.dept_y):
        if n := referrals.filter(department=dept).count():
            out["departments"][dept.pk] = n
    return out


@pytest.mark.parametrize("windows", [True, False])
def test_tables_follow_the_category_filter(
    world: World, refreshed: Ledger, login: Any, windows: bool
) -> None:
    deputy = world.deputy_a
    housing = Case.objects.filter(in_housing(refreshed), deputy=deputy).count()
    market = Case.objects.filter(category=refreshed.market, deputy=deputy).count()
    assert housing and market  # the deputy has cases in both categories
    if not windows:  # the monthly fallback path
        for model in WINDOW_TABLES:
            model.objects.all().delete()
    client = login(world["committee"])
    for name, category, where in (
        ("housing", refreshed.housing, in_housing(refreshed)),
        ("market", refreshed.market, Q(category=refreshed.market)),
        ("all", None, None),
    ):
        want = expected(world, refreshed, where)
        params = {"category": category.pk} if category else {}
        for key in ("deputies", "stations", "departments"):
            assert table(client, key, **params) == want[key], (name, key)
    by_category = table(client, "deputies", category=refreshed.housing.pk)
    assert by_category[deputy.pk] == housing != market


def test_api_table_follows_the_category_filter(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["admin"])
    body = client.get(
        "/api/v1/stats/table",
        {"table": "deputies", "period": "6", "category": refreshed.market.pk},
    ).json()
    want = expected(world, refreshed, Q(category=refreshed.market))["deputies"]
    assert {r["id"]: r["cases"] for r in body["rows"]} == want


def test_unfiltered_figures_are_the_sum_over_categories(world: World, refreshed: Ledger) -> None:
    for model, key in (
        (DeputyMonth, "deputy_id"),
        (StationMonth, "station_id"),
        (DepartmentMonth, "department_id"),
    ):
        categories = set(model.objects.values_list("category_id", flat=True))
        assert {refreshed.housing.pk, refreshed.market.pk, None} <= categories
        assert refreshed.housing_sub.pk not in categories  # rolled up to the top level
        rows = list(model.objects.values_list(key, "month", "category_id"))
        assert len(rows) == len(set(rows))  # one row per key, month and category
    # A deputy's rows split their cases by top-level category, adding up to all of them.
    rows = DeputyMonth.objects.filter(deputy=world.deputy_a)
    per_category = {
        c: sum(r.cases for r in rows if r.category_id == c)
        for c in (refreshed.housing.pk, refreshed.market.pk, None)
    }
    cases = Case.objects.filter(deputy=world.deputy_a)
    assert per_category == {
        refreshed.housing.pk: cases.filter(in_housing(refreshed)).count(),
        refreshed.market.pk: cases.filter(category=refreshed.market).count(),
        None: cases.filter(category=None).count(),
    }
    assert sum(per_category.values()) == cases.count()


def test_own_dashboard_ignores_a_category_parameter(
    world: World, refreshed: Ledger, login: Any
) -> None:
    client = login(world["deputy_a"])
    plain = client.get(reverse(DASHBOARD), {"period": "6"})
    with_category = client.get(reverse(DASHBOARD), {"period": "6", "category": refreshed.market.pk})
    total = Case.objects.filter(deputy=world.deputy_a).count()
    assert plain.context["data"]["totals"]["cases"] == total
    assert with_category.context["data"] == plain.context["data"]
    assert [r["cases"] for r in with_category.context["rows"]] == [total]


def test_window_rows_over_all_categories_sum_the_category_rows(refreshed: Ledger) -> None:
    for model, key in (
        (DeputyWindow, "deputy_id"),
        (StationWindow, "station_id"),
        (DepartmentWindow, "department_id"),
    ):
        rows = list(model.objects.values(key, "months", "category_id", "all_categories", "cases"))
        totals = [r for r in rows if r["all_categories"]]
        assert totals and all(r["category_id"] is None for r in totals)
        assert len({(r[key], r["months"]) for r in totals}) == len(totals)  # one per key
        for total in totals:
            parts = [
                r["cases"]
                for r in rows
                if not r["all_categories"]
                and (r[key], r["months"]) == (total[key], total["months"])
            ]
            assert len(parts) >= 1 and sum(parts) == total["cases"], (model, total)
