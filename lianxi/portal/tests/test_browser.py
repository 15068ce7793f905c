"""The htmx parts of "find" in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World

pytestmark = pytest.mark.browser


def test_cascading_selects_and_live_search(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/find/")
    page.select_option("#find-district", str(world.district1.pk))
    page.wait_for_selector(f"#find-street option[value='{world.street1.pk}']", state="attached")
    assert page.locator("#find-street option").count() == 2
    page.select_option("#find-street", str(world.street1.pk))
    page.wait_for_selector(
        f"#find-community option[value='{world.community1.pk}']", state="attached"
    )
    page.select_option("#find-community", str(world.community1.pk))
    page.wait_for_url(f"**/find/?*community={world.community1.pk}*")
    page.wait_for_selector(f"#find-result >> text={world.station_a.name}")
    assert world.deputy_a.name in page.locator("#find-result").inner_text()
    assert page.locator("nav.navbar").count() == 1  # a fragment was swapped in, not a page

    # Another district resets the community select (out-of-band swap).
    page.select_option("#find-district", str(world.district2.pk))
    page.wait_for_selector(f"#find-street option[value='{world.street2.pk}']", state="attached")
    assert page.locator("#find-community option").count() == 1

    page.fill("#find-q", "松林")
    page.wait_for_selector(f"#search-results a[href$='?community={world.community2.pk}']")
    page.locator("#search-results a").first.click()
    page.wait_for_selector(f"#find-result >> text={world.station_b.name}")
    assert page.locator("#find-community").input_value() == str(world.community2.pk)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.blocked == []
