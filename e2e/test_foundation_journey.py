"""The foundation as a person meets it, in Chromium at phone width: a resident finds their
deputy and station, signs in with a code, and staff see only their own scope."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import latest_sms_code, sign_in_as

pytestmark = pytest.mark.browser
CONGRESS_RED = "rgb(179, 38, 30)"


def no_overflow(page: Any, width: int) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)


def test_resident_finds_deputy_and_signs_in(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/")
    navbar = page.locator("nav.navbar")
    assert navbar.evaluate("e => getComputedStyle(e).backgroundColor") == CONGRESS_RED
    assert no_overflow(page, 390)

    # Search from the home page, open the community, then its station and deputy.
    page.fill("#home-q", "青石")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find/?q=*")
    page.locator(f"a[href$='?community={world.community1.pk}']").first.click()
    page.wait_for_selector(f"text={world.station_a.name}")
    page.locator(f"a[href='/stations/{world.station_a.pk}/']").first.click()
    page.wait_for_selector(".qr svg")
    assert world.deputy_a.name in page.content()
    assert "13912345678" not in page.content()
    page.locator(f"a[href='/deputies/{world.deputy_a.pk}/']").first.click()
    page.wait_for_selector(f"h1:has-text('{world.deputy_a.name}')")
    assert no_overflow(page, 390)

    # Sign in with a phone number and the code the SMS transport delivered.
    page.goto(live_server.url + "/accounts/citizen/")
    page.fill("input[name=phone]", "13812345678")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", in_thread(latest_sms_code))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/work/")
    assert page.locator("nav.navbar form[action='/accounts/logout/']").count() == 1
    assert page.blocked == []


def test_staff_see_their_scope_and_switch_language(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(1280, 900)
    sign_in_as(page, live_server.url, "staff_a")
    text = page.locator("main").inner_text()
    assert world.station_a.name in text and world.station_b.name not in text

    # Another station's page answers like a missing one.
    response = page.goto(live_server.url + f"/work/stations/{world.station_b.pk}/")
    assert response is not None and response.status == 404
    response = page.goto(live_server.url + f"/work/stations/{world.station_a.pk}/")
    assert response is not None and response.status == 200
    assert "13912345678" in page.content()  # staff of the station see the deputy's phone

    # English and back.
    page.goto(live_server.url + "/")
    page.locator("button[name=language][value=en]").click()
    page.wait_for_selector("html[lang=en]")
    assert "Find your deputy" in page.locator("nav.site-sections").inner_text()
    page.locator("button[name=language][value=zh-hans]").click()
    page.wait_for_selector("html[lang=zh-CN]")
    assert page.blocked == []
