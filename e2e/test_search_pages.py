"""Search in Chromium: a deputy searches from the workbench on a phone and finds their own case
with the words marked; anyone searches the published cases; no CSP violation, no sideways
scrolling at 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import CANARY_NAME, CANARY_PHONE, World
from e2e.helpers import sign_in_as
from lianxi.cases import actions
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.publish import publish_case

pytestmark = pytest.mark.browser


def _file(world: World, title: str, community: Any, **extra: Any) -> Any:
    data = Intake(
        kind="complaint",
        title=title,
        content=f"{title}，已经持续两周，老人上下楼很困难。我叫{CANARY_NAME}，电话{CANARY_PHONE}。",
        channel="online",
        community=community,
        contact_name=CANARY_NAME,
        contact_phone=CANARY_PHONE,
        **extra,
    )
    return submit_case(world["citizen"], data=data).case


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_deputy_and_public_search(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    mine = _file(world, "小区电梯长期故障", world.community1, consent_to_publish=True)
    _file(world, "电梯噪音扰民严重", world.community2)
    case = actions.accept_case(world["committee"], case=mine)
    case = actions.reply_to_case(world["deputy_a"], case=case, text="已督促物业更换电梯主板。")
    case = actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
    publish_case(world["committee"], case=case)
    base = live_server.url

    page = open_page(390, 844)
    sign_in_as(page, base, "deputy_a")
    page.fill("#search-panel-q", "电梯")
    page.locator("#search-panel-q").press("Enter")
    page.wait_for_url("**/work/search/?q=*")
    hits = page.locator(".search-hit")
    assert hits.count() == 1
    assert hits.first.locator("mark").first.inner_text() == "电梯"
    assert "噪音" not in page.locator("main").inner_text()
    _no_sideways_scroll(page)
    page.locator("summary").click()
    page.select_option("#id_sort", "date")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**sort=date*")
    assert page.locator(".search-hit").count() == 1
    assert page.blocked == []

    public = open_page(390, 844)
    public.goto(base + "/search/?q=电梯+主板")
    text = public.locator("main").inner_text()
    assert "小区电梯长期故障" in text
    assert CANARY_PHONE not in public.content() and CANARY_NAME not in public.content()
    _no_sideways_scroll(public)
    public.locator(".search-hit a").first.click()
    public.wait_for_url("**/published/**")
    assert public.blocked == []
