"""In Chromium: the public statistics page and the committee dashboard draw their ECharts
charts from the embedded JSON, with nothing blocked by the CSP."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.stats import actions
from lianxi.stats.tests.conftest import CANARY_NAME, build_ledger

pytestmark = pytest.mark.browser


def test_public_and_committee_charts(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    in_thread(lambda: build_ledger(world))
    in_thread(lambda: actions.refresh_statistics(None, full=True))
    page = open_page(1280, 900)
    page.goto(live_server.url + "/stats/?period=6")
    for chart in ("trend", "response", "categories", "statuses", "channels", "satisfaction"):
        page.wait_for_selector(f"#stats-{chart} canvas")
    assert CANARY_NAME not in page.content()
    assert "统计" in page.locator("main").inner_text()
    sign_in_as(page, live_server.url, "committee")
    assert page.locator("#stats-panel").count() == 1
    page.goto(live_server.url + "/work/stats/?period=6&table=stations")
    for chart in ("trend", "areas", "categories", "satisfaction"):
        page.wait_for_selector(f"#stats-{chart} canvas")
    assert world.station_a.name in page.locator("#stats-table").inner_text()
    assert page.blocked == []
