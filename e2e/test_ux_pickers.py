"""Searchable pickers (static/js/picker.js over Tom Select): the deputy field offers the
case's station's deputies first and filters as one types, with no "---------"; the
co-handling departments are chosen by tapping at phone width, no Ctrl-click."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.cases.models import Case
from lianxi.directory.tests import factories as f

pytestmark = pytest.mark.browser

# Chosen where code point and pinyin disagree: by code point 安 张 李 杜, by pinyin 安 杜 李 张.
STATION_NAMES = ["张建国", "杜卫东", "安小梅"]  # pinyin: an, du, zhang
OTHER_NAMES = [f"{s}{g}" for s in "赵钱孙周吴郑冯陈" for g in ("志强", "丽")]


@pytest.fixture
def crowded(world: World) -> World:
    for name in STATION_NAMES:
        world.station_a.deputies.add(f.deputy(name, world.district1))
    for name in OTHER_NAMES:
        f.deputy(name, world.district2)
    for i in range(18):
        f.department(f"示范市第{i + 1}局", world.city)
    return world


def options(page: Any) -> list[str]:
    return page.locator(".ts-dropdown:visible .option").all_inner_texts()


def test_deputy_picker_searches_and_puts_the_station_first(
    transactional_db: Any, live_server: Any, crowded: World, submit: Any, open_page: Any
) -> None:
    world = crowded
    case = submit()
    page = open_page(1280, 900)
    sign_in_as(page, live_server.url, "committee")
    page.goto(f"{live_server.url}/work/cases/{case.pk}/")
    select = page.locator("select[name=accept-deputy]")
    select.wait_for(state="attached")
    page.wait_for_selector("#step-accept .ts-wrapper")
    assert "tomselected" in (select.get_attribute("class") or "")
    page.locator("#step-accept .ts-control").first.click()
    headers = page.locator(".ts-dropdown:visible .optgroup-header").all_inner_texts()
    assert headers[:2] == ["本站代表", "其他代表"]
    shown = options(page)
    assert "---------" not in page.locator("#step-accept").inner_text()
    # The station's four deputies first, by pinyin: 安 an, 杜 du, 李 li, 张 zhang.
    assert shown[:4] == ["安小梅", "杜卫东", "李明华", "张建国"], shown[:6]
    # Typing filters the 20-odd names to the one meant.
    page.keyboard.type("王秀")
    page.wait_for_function("() => document.querySelectorAll('.ts-dropdown .option').length === 1")
    assert options(page) == ["王秀英"]
    page.keyboard.press("Enter")
    assert select.input_value() == str(world.deputy_b.pk)
    assert page.blocked == []


def test_co_handling_is_chosen_by_tapping_at_phone_width(
    transactional_db: Any, live_server: Any, crowded: World, submit: Any, open_page: Any
) -> None:
    world = crowded

    def accepted() -> Case:
        from lianxi.cases.actions import accept_case

        case = submit()
        accept_case(world["committee"], case=case, deputy=world.deputy_a)
        return case

    case = in_thread(accepted)
    page = open_page(390, 844)
    sign_in_as(page, live_server.url, "deputy_a")
    page.goto(f"{live_server.url}/work/cases/{case.pk}/")
    page.wait_for_selector("#step-refer .ts-wrapper")
    page.locator("#step-refer .ts-wrapper").nth(0).click()
    page.locator(".ts-dropdown:visible .option", has_text="示范市住房和城乡建设局").click()
    co = page.locator("#step-refer .ts-wrapper.multi .ts-control")
    co.click()
    page.locator(".ts-dropdown:visible .option", has_text="示范市第3局").click()
    page.locator(".ts-dropdown:visible .option", has_text="示范市第12局").click()
    chosen = page.locator("select[name=refer-co]").evaluate(
        "s => Array.from(s.selectedOptions).map(o => o.textContent)"
    )
    assert sorted(chosen) == ["示范市第12局", "示范市第3局"]
    assert page.locator("#step-refer .ts-wrapper.multi .item").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.blocked == []
