"""API: the same aggregates as the pages, scoped the same way."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.cases.models import Case
from lianxi.stats import actions
from lianxi.stats.queries import SMALL_CELL
from lianxi.stats.tests.conftest import CANARY_NAME, CANARY_PHONE, Ledger

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def refreshed(world: World, ledger: Ledger) -> Ledger:
    actions.refresh_statistics(None, full=True)
    return ledger


def test_public_aggregates(client: Any, refreshed: Ledger) -> None:
    response = client.get(f"{API}/stats/public", {"period": "6"})
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["cases"] == Case.objects.count()
    for key in ("categories", "areas", "statuses", "channels"):
        assert all(c["cases"] is None or c["cases"] >= SMALL_CELL for c in body[key])
    text = response.content.decode()
    assert CANARY_NAME not in text and CANARY_PHONE not in text


def test_bad_filter_is_422(client: Any, world: World, refreshed: Ledger) -> None:
    assert client.get(f"{API}/stats/public", {"period": "5"}).status_code == 422
    response = client.get(f"{API}/stats/public", {"area": world.street1.pk})
    assert response.status_code == 422


def test_dashboard_needs_sign_in(client: Any, refreshed: Ledger) -> None:
    assert client.get(f"{API}/stats/dashboard").status_code == 401


def test_dashboard_is_scoped(world: World, refreshed: Ledger, login: Any) -> None:
    body = login(world["committee_d1"]).get(f"{API}/stats/dashboard", {"period": "6"}).json()
    assert 0 < body["totals"]["cases"] < Case.objects.count()
    assert login(world["citizen"]).get(f"{API}/stats/dashboard").status_code == 404


def test_tables(world: World, refreshed: Ledger, login: Any) -> None:
    client = login(world["deputy_b"])
    body = client.get(f"{API}/stats/table", {"table": "deputies", "period": "6"}).json()
    assert [r["id"] for r in body["rows"]] == [world.deputy_b.pk]
    assert client.get(f"{API}/stats/table", {"table": "stations"}).status_code == 404
    admin = login(world["admin"]).get(f"{API}/stats/table", {"table": "departments"}).json()
    assert {r["id"] for r in admin["rows"]} == {world.dept_x.pk, world.dept_y.pk}
