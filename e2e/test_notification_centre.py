"""The notification centre in Chromium, at phone and desk width: committee staff hand a case
to a deputy; the deputy signs in, sees the bell's count and the case waiting on the home,
opens the list, follows the notification to the case, and the count drops."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.cases import actions
from lianxi.cases.models import Case

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "lx-notification-shots"


def sign_in(open_page: Any, base: str, username: str, width: int) -> Any:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return page


def bell_count(page: Any) -> int:
    badge = page.locator("#bell-count")
    return int(badge.inner_text()) if badge.count() else 0


@pytest.mark.parametrize("width", [390, 1280])
def test_deputy_follows_a_notification_to_the_case(
    transactional_db: Any, live_server: Any, world: World, submit: Any, open_page: Any, width: int
) -> None:
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    case = submit(title="小区路灯不亮")
    actions.accept_case(
        world["committee"], case=case, deputy=world.deputy_a, station=world.station_a
    )

    page = sign_in(open_page, base, "deputy_a", width)
    assert bell_count(page) == 1
    # beside the menu button on a phone, at the end of the bar (inside it) on a desk
    bell = page.locator("#bell").bounding_box()
    bar = page.locator("nav.navbar > .container").bounding_box()
    assert bell is not None and bar is not None
    assert bell["x"] >= bar["x"] and bell["x"] + bell["width"] <= bar["x"] + bar["width"] + 1
    assert bell["y"] < 60  # on the first line of the bar, not inside the folded menu
    tile = page.locator("#waiting a.lx-tile", has_text="新交办的诉求")
    assert tile.locator(".lx-tile-count").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"home-{width}.png"), full_page=True)

    page.click("#bell")
    page.wait_for_url("**/notifications/")
    item = page.locator("#notification-list li.lx-unread")
    assert item.count() == 1
    assert "小区路灯不亮" in item.inner_text() and "已交由您办理" in item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"list-{width}.png"), full_page=True)

    item.locator("button[type=submit]").first.click()
    page.wait_for_url(f"**/work/cases/{case.pk}/")
    assert "小区路灯不亮" in page.locator("main").inner_text()
    assert bell_count(page) == 0
    assert page.locator("#bell").get_attribute("aria-label") == "消息通知，没有未读消息"

    page.goto(base + "/notifications/")
    assert page.locator("#notification-list li.lx-unread").count() == 0
    assert page.locator("#notification-list li").count() == 1
    page.goto(base + "/notifications/preferences/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"preferences-{width}.png"), full_page=True)
    assert in_thread(lambda: Case.objects.get(pk=case.pk).status) == "assigned"
    assert page.blocked == []
