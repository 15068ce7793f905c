"""Accessibility: axe-core on the main pages of every role, 0 serious or critical WCAG 2.1
A/AA violations, at phone and desktop width; and filing and tracking a matter with the
keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.axe import serious_violations
from e2e.helpers import latest_sms_code, sign_in_as
from lianxi.cases.actions import accept_case

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/cases/new/", "/cases/track/", "/published/", "/stats/", "/stations/", "/find/"]


def check(page: Any, base: str, paths: list[str], problems: list[str]) -> None:
    for path in paths:
        response = page.goto(base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        width = page.viewport_size["width"]
        problems.extend(f"{path} @{width}: {v}" for v in serious_violations(page))


def sign_in_citizen(page: Any, base: str, phone: str) -> None:
    page.goto(base + "/accounts/citizen/")
    page.fill("input[name=phone]", phone)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", in_thread(latest_sms_code))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/work/")


def test_main_pages_of_every_role_pass_axe(
    transactional_db: Any, live_server: Any, world: World, submit: Any, open_page: Any
) -> None:
    base = live_server.url
    case = submit()
    accepted = submit(title="路灯不亮")
    accept_case(world["committee"], case=accepted, deputy=world.deputy_a)
    problems: list[str] = []
    for width in (390, 1280):
        check(open_page(width), base, PUBLIC, problems)
    staff = {
        "committee": ["/work/", "/work/cases/", f"/work/cases/{case.pk}/", "/work/stats/"],
        "staff_a": ["/work/", "/work/cases/", f"/work/cases/{case.pk}/"],
        "deputy_a": ["/work/", "/work/cases/", f"/work/cases/{accepted.pk}/"],
        "handler_x": ["/work/", "/work/cases/"],
        "admin": ["/work/"],
    }
    for username, paths in staff.items():
        page = open_page(1280, 900)
        sign_in_as(page, base, username)
        check(page, base, paths, problems)
    page = open_page(390)
    sign_in_as(page, base, "deputy_a")
    check(page, base, [f"/work/cases/{accepted.pk}/"], problems)
    citizen = open_page(390)
    sign_in_citizen(citizen, base, "13700001111")
    check(citizen, base, ["/work/", "/cases/mine/"], problems)
    assert problems == [], "\n".join(problems)


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector`: the element is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def choose_by_keyboard(page: Any, selector: str, value: str) -> None:
    """On a focused native select, arrow keys move the choice (and fire change)."""
    tab_to(page, selector)
    for _ in range(40):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in {selector}")


def test_filing_and_tracking_with_the_keyboard_alone(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/cases/new/")
    choose_by_keyboard(page, "#id_kind", "complaint")
    tab_to(page, "#id_title")
    page.keyboard.type("楼道灯坏了")
    tab_to(page, "#id_content")
    page.keyboard.type("青石社区3栋楼道灯坏了一个月，晚上上下楼看不见。")
    choose_by_keyboard(page, "#find-district", str(world.district1.pk))
    page.wait_for_selector(f"#find-street option[value='{world.street1.pk}']", state="attached")
    choose_by_keyboard(page, "#find-street", str(world.street1.pk))
    page.wait_for_selector(
        f"#find-community option[value='{world.community1.pk}']", state="attached"
    )
    choose_by_keyboard(page, "#find-community", str(world.community1.pk))
    tab_to(page, "#id_phone")
    page.keyboard.type("13812345678")
    tab_to(page, "#send-code")
    page.keyboard.press("Enter")
    page.wait_for_selector("#code-status .text-success")
    tab_to(page, "#id_code")
    page.keyboard.type(in_thread(latest_sms_code))
    tab_to(page, "#intake-submit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/new/done/")
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()

    tab_to(page, "#track-link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/track/**")
    tab_to(page, "#id_number")
    page.keyboard.type(number)
    tab_to(page, "#id_code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#track-result")
    assert page.locator("#timeline li[data-step='submitted']").count() == 1
    # The tracking result, reached by keyboard, passes axe too.
    assert serious_violations(page) == []
