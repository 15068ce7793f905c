"""The committee dashboard (scoped per role, filters, tables, audited export, refresh) and the
public statistics page (aggregates only, small cells suppressed, no personal data)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.stats import actions
from lianxi.stats.access import PUBLIC
from lianxi.stats.forms import FilterForm
from lianxi.stats.queries import SMALL_CELL, _suppress, dashboard
from lianxi.stats.tests.conftest import CANARY_NAME, CANARY_PHONE, Ledger

pytestmark = pytest.mark.django_db
DASHBOARD = "stats_work:dashboard"


@pytest.fixture
def refreshed(world: World, ledger: Ledger) -> Ledger:
    actions.refresh_statistics(None, full=True)
    return ledger


def context_data(response: Any) -> dict[str, Any]:
    return response.context["data"]


@pytest.mark.parametrize("who", ["citizen"])
def test_citizens_get_404(world: World, refreshed: Ledger, login: Any, who: str) -> None:
    client = login(world[who])
    assert client.get(reverse(DASHBOARD)).status_code == 404
    assert client.get(reverse("stats_work:export")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client: Any, refreshed: Ledger) -> None:
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302 and "login" in response["Location"]


def test_committee_sees_its_jurisdiction(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["committee"])
    response = client.get(reverse(DASHBOARD), {"period": "6"})
    assert response.status_code == 200
    placeless = Case.objects.filter(community=None, station=None, deputy=None).count()
    assert context_data(response)["totals"]["cases"] == Case.objects.count() - placeless
    html = response.content.decode()
    assert 'id="stats-data"' in html and "stats/stats.js" in html
    assert CANARY_NAME not in html and CANARY_PHONE not in html
    district = login(world["committee_d1"]).get(reverse(DASHBOARD), {"period": "6"})
    d1_cases = context_data(district)["totals"]["cases"]
    assert 0 < d1_cases < Case.objects.count()
    # Another area than the jurisdiction is not offered.
    other = login(world["committee_d1"]).get(
        reverse(DASHBOARD), {"period": "6", "area": world.district2.pk}
    )
    assert context_data(other)["totals"]["cases"] == d1_cases


def test_filters_area_and_category(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["committee"])
    by_category = client.get(reverse(DASHBOARD), {"period": "6", "category": refreshed.market.pk})
    expected = Case.objects.filter(category=refreshed.market).count()
    assert context_data(by_category)["totals"]["cases"] == expected
    by_area = client.get(reverse(DASHBOARD), {"period": "6", "area": world.district2.pk})
    assert context_data(by_area)["totals"]["cases"] == (
        context_data(client.get(reverse(DASHBOARD), {"period": "6"}))["totals"]["cases"]
        - context_data(login(world["committee_d1"]).get(reverse(DASHBOARD), {"period": "6"}))[
            "totals"
        ]["cases"]
    )


@pytest.mark.parametrize(
    ("who", "table", "field", "obj"),
    [
        ("deputy_a", "deputies", "deputy", "deputy_a"),
        ("staff_a", "stations", "station", "station_a"),
    ],
)
def test_own_figures_only(
    world: World, refreshed: Ledger, login: Any, who: str, table: str, field: str, obj: str
) -> None:
    client = login(world[who])
    response = client.get(reverse(DASHBOARD), {"period": "6", "table": "departments"})
    assert response.status_code == 200
    assert response.context["table"] == table
    rows = response.context["rows"]
    assert [r["id"] for r in rows] == [getattr(world, obj).pk]
    assert context_data(response)["totals"]["cases"] == (
        Case.objects.filter(**{field: getattr(world, obj)}).count()
    )
    assert not context_data(response)["categories"]
    assert client.get(reverse("stats_work:export")).status_code == 404


def test_department_sees_its_referrals(world: World, refreshed: Ledger, login: Any) -> None:
    response = login(world["handler_x"]).get(reverse(DASHBOARD), {"period": "6"})
    assert [r["id"] for r in response.context["rows"]] == [world.dept_x.pk]
    expected = Case.objects.filter(referrals__department=world.dept_x).count()
    assert context_data(response)["totals"]["cases"] == expected


def test_tables_paginate(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["admin"])
    for table in ("deputies", "stations", "departments"):
        response = client.get(reverse(DASHBOARD), {"table": table, "page": "9"})
        assert response.status_code == 200
        assert len(response.context["rows"]) == 2


def test_export_is_audited_and_scoped(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["committee_d1"])
    response = client.get(reverse("stats_work:export"), {"table": "deputies", "period": "6"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [world.deputy_a.name]
    event = AuditEvent.objects.filter(action="stats.export").get()
    assert event.actor == world["committee_d1"] and event.data["rows"] == 1


def test_refresh_button(world: World, refreshed: Ledger, login: Any) -> None:
    assert login(world["deputy_a"]).post(reverse("stats_work:refresh")).status_code == 404
    response = login(world["committee"]).post(reverse("stats_work:refresh"))
    assert response.status_code == 302
    assert login(world["committee"]).get(reverse("stats_work:refresh")).status_code == 405


def test_nav_and_workbench_panel(world: World, refreshed: Ledger, login: Any) -> None:
    html = login(world["committee"]).get(reverse("workbench:home")).content.decode()
    assert reverse(DASHBOARD) in html
    assert 'id="stats-panel"' in html
    citizen_html = login(world["citizen"]).get("/").content.decode()
    assert reverse(DASHBOARD) not in citizen_html


def test_public_page_shows_aggregates_only(client: Any, world: World, refreshed: Ledger) -> None:
    response = client.get(reverse("stats:statistics"), {"period": "6"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CANARY_NAME not in html and CANARY_PHONE not in html
    assert not re.search(r"1[3-9]\d{9}", html)
    assert "T0000" not in html  # no tracking numbers
    data = context_data(response)
    assert data["totals"]["cases"] == Case.objects.count()
    for key in ("categories", "areas", "statuses", "channels"):
        for cell in data[key]:
            assert cell["cases"] is None or cell["cases"] >= SMALL_CELL
    # Deputies (public officials) with their answer figures.
    assert world.deputy_a.name in html
    assert reverse("portal:deputy", args=[world.deputy_a.pk]) in html


def test_public_area_choices_are_districts(world: World, refreshed: Ledger) -> None:
    form = FilterForm({"area": world.street1.pk}, scope=PUBLIC, public=True)
    assert not form.is_valid()
    assert FilterForm({"area": world.district1.pk}, scope=PUBLIC, public=True).is_valid()


def test_small_cells_are_suppressed_with_a_second_cell() -> None:
    cells = [{"name": "a", "cases": 50}, {"name": "b", "cases": 7}, {"name": "c", "cases": 2}]
    out = _suppress(cells)
    assert [c["cases"] for c in out] == [50, None, None]
    assert _suppress([{"name": "a", "cases": 9}, {"name": "b", "cases": 6}])[0]["cases"] == 9


def test_public_dashboard_has_no_names_of_categories_with_few_cases(
    world: World, refreshed: Ledger
) -> None:
    form = FilterForm({"period": "3"}, scope=PUBLIC, public=True)
    data = dashboard(PUBLIC, form.filters(), public=True)
    hidden = [c for c in data["statuses"] if c["suppressed"]]
    assert all(c["cases"] is None for c in hidden)


def test_filter_form_shows_the_period_in_use(world: World, refreshed: Ledger, login: Any) -> None:
    html = login(world["committee"]).get(reverse(DASHBOARD)).content.decode()
    assert '<option value="12" selected>' in html
    html = login(world["committee"]).get(reverse(DASHBOARD), {"period": "3"}).content.decode()
    assert '<option value="3" selected>' in html
    assert f'<option value="{world.district1.pk}">' in html
    assert f'<option value="{world.community1.pk}">' not in html  # streets and above
