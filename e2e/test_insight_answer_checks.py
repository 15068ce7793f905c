"""A deputy types a reply: the answer check warns under the box while they type (too short,
no basis or next step), the warning clears once the answer is specific; the refer form
offers the suggested department. Screenshots at phone width in /tmp/lx-insight-shots."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import World
from e2e.helpers import sign_in_as
from lianxi.cases.actions import Intake, accept_case, submit_case

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "lx-insight-shots"

GOOD = (
    "经核查，青石社区3栋电梯因主板损坏停运。根据物业服务合同，已责成物业公司更换主板，"
    "预计本月20日前恢复运行，届时社区将回访住户。"
)


def test_reply_box_warns_while_typing(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    data = Intake(
        kind="complaint",
        title="小区电梯长期故障",
        content="青石社区3栋电梯已经停运两周，老人上下楼非常困难，物业公司不管，请尽快维修。",
        channel="online",
        community=world.community1,
    )
    case = submit_case(AnonymousUser(), data=data).case
    accept_case(world.users["committee"], case=case, deputy=world.deputy_a)

    page = open_page(390, 844)
    sign_in_as(page, live_server.url, "deputy_a")
    page.goto(f"{live_server.url}/work/cases/{case.pk}/")
    box = page.locator("textarea[name=reply-text]")
    box.type("已收悉，谢谢", delay=5)
    warning = page.locator("#answer-check-reply-text [data-check=too_short]")
    warning.wait_for()
    assert page.locator("#answer-check-reply-text [data-check=no_basis_or_next_step]").count()
    SHOTS.mkdir(exist_ok=True)
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "answer-check-390.png"), full_page=False)
    box.fill("")
    box.type(GOOD, delay=1)
    page.locator("#answer-check-reply-text .text-success").wait_for()
    assert page.locator("#answer-check-reply-text [data-check]").count() == 0
    assert page.locator("#step-refer select[name=refer-lead]").count() == 1
    assert not page.blocked, page.blocked
