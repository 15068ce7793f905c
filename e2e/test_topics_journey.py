"""A citizen types a matter that was already raised, sees it under 已有类似反映 (without any of
its text), follows it with a phone code instead of filing it again; committee staff see the
hot issue with its charts."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import latest_sms_code, sign_in_as
from lianxi.cases.actions import Intake, submit_case
from lianxi.topics import similar, tasks
from lianxi.topics.models import Follow

pytestmark = pytest.mark.browser

CANARY = "欧阳守恒"


def _file(world: World, n: int) -> list[Any]:
    from django.contrib.auth.models import AnonymousUser

    cases = []
    for i in range(n):
        data = Intake(
            kind="complaint",
            title=f"翠湖名苑小区电梯频繁故障困人{i}",
            content=f"翠湖名苑小区3栋的电梯最近坏了好几次，老人被困在电梯里。我叫{CANARY}，电话1398765432{i}。",
            channel="online",
            community=world.community1,
            contact_phone=f"1398765432{i}",
        )
        cases.append(submit_case(AnonymousUser(), data=data).case)
    tasks.regroup()
    similar.reset()
    return cases


def test_citizen_follows_instead_of_filing_again(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    cases = _file(world, 3)
    page = open_page(390)
    page.goto(live_server.url + "/cases/new/")
    page.fill("#id_title", "翠湖名苑电梯又坏了")
    page.type("#id_content", "翠湖名苑小区电梯坏了好几次，老人被困在电梯里", delay=5)
    page.wait_for_selector("#similar-list")
    text = page.locator("#similar-list").inner_text()
    assert "已有类似反映" in text and "3 件类似事项正在办理" in text
    assert CANARY not in text and "13987654" not in text
    page.locator("#similar-list a.btn").first.click()
    page.wait_for_url("**/topics/follow/**")
    assert CANARY not in page.locator("main").inner_text()
    page.fill("#id_phone", "13755550009")
    page.click("#send-code")
    page.wait_for_selector("#code-status .text-success")
    page.fill("#id_code", in_thread(latest_sms_code))
    page.click("#follow-submit")
    page.wait_for_url("**/topics/following/")
    assert "我关注的事项" in page.locator("main").inner_text()
    assert in_thread(lambda: Follow.objects.filter(case__in=cases).count()) == 3  # all counted
    assert page.blocked == []


def test_committee_sees_hot_issue_charts(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    _file(world, 4)
    page = open_page(1280, 900)
    sign_in_as(page, live_server.url, "committee")
    page.goto(live_server.url + "/work/topics/")
    page.wait_for_selector("#topics-trend canvas")
    page.wait_for_selector("#topics-sizes canvas")
    assert "翠湖名苑" in page.locator("#hot-issues").inner_text()
    page.locator("#hot-issues a").first.click()
    page.wait_for_selector("#issue-cases")
    assert page.locator("#issue-cases a").count() == 4
    assert page.blocked == []
