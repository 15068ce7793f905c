"""Issue 22, seen in Chromium at phone and desk width: the outcome is told truthfully (a case
the department answered "B 正在解决" and the citizen rated 满意 is not 已解决, on the citizen's
page, their home and the public list); the citizen's home offers filing and lists their
matters with status; the handler's home lists what waits for signing and answering with
counts and links; the committee's home counts unanswered invitations; a case page does not
repeat the dashboard below the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case
from lianxi.committee import actions as committee_actions
from lianxi.committee.actions.activities import ActivityInput

pytestmark = pytest.mark.browser


def answered_and_rated(world: World, title: str, result: str) -> Case:
    case = actions.submit_case(
        world["citizen"],
        data=actions.Intake(
            kind="complaint",
            title=title,
            content="青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。",
            channel="online",
            community=world.community1,
            contact_phone="13612345678",
            consent_to_publish=True,
        ),
    ).case
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=case, text="已安排维保单位检修，正在推进。", result_class=result
    )
    case = actions.report_back(world["deputy_a"], case=case, text="部门已答复，我会继续跟进。")
    case = actions.rate_case(
        world["citizen"], case=case, deputy_rating="satisfied", department_rating="satisfied"
    )
    return publish_case(world["committee"], case=case)


def waiting_for_handler(world: World) -> tuple[int, int]:
    """One case waiting to be signed for and one being handled, both with department X."""
    ids = []
    for title, sign in (("路灯不亮需要维修", False), ("下水道堵塞需要疏通", True)):
        case = actions.submit_case(
            None,
            data=actions.Intake(
                kind="complaint",
                title=title,
                content="青石社区松林路问题已经持续一周，影响居民出行，请尽快处理。",
                channel="online",
                community=world.community1,
                contact_phone="13612345678",
            ),
        ).case
        case = actions.accept_case(world["committee"], case=case)
        case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
        if sign:
            case = actions.department_accept(world["handler_x"], case=case)
        ids.append(case.pk)
    return ids[0], ids[1]


def invitation_unanswered(world: World) -> None:
    start = timezone.now() + timedelta(days=5)
    data = ActivityInput(
        kind="inspection",
        title="老旧小区改造视察",
        topic="老旧小区改造",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="青石社区活动室",
        capacity=10,
    )
    activity = committee_actions.save_activity(world["committee"], data=data)
    committee_actions.invite(world["committee"], activity=activity, deputy_ids=[world.deputy_a.pk])


@pytest.mark.parametrize("width", [390, 1280])
def test_homes_and_the_outcome_are_truthful(
    transactional_db: Any, live_server: Any, world: World, open_page: Any, width: int
) -> None:
    b_case = answered_and_rated(world, "电梯停运需要维修", "B")
    a_case = answered_and_rated(world, "楼道灯坏了需要更换", "A")
    pending_id, working_id = waiting_for_handler(world)
    invitation_unanswered(world)
    base = live_server.url

    # The citizen: a button to file, their matters with status, the truthful outcome.
    page = open_page(width, 900)
    sign_in_as(page, base, "citizen")
    main = page.locator("main").inner_text()
    assert "即将推出" not in main
    assert page.locator("#file-new").get_attribute("href") == "/cases/new/"
    matters = page.locator("#my-matters a")
    assert matters.count() == 2
    b_row = page.locator("#my-matters a", has_text="电梯停运需要维修").inner_text()
    assert "已办结（正在解决）" in b_row and "已解决" not in b_row
    assert "已解决" in page.locator("#my-matters a", has_text="楼道灯坏了").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#my-matters a", has_text="电梯停运需要维修").click()
    page.wait_for_url(f"**/cases/mine/{b_case.pk}/")
    main = page.locator("main").inner_text()
    assert "已办结（正在解决）" in main and "已解决" not in main
    assert "办理结果：已办结（正在解决）" in page.locator("#timeline").inner_text()

    # The public list of published cases says the same.
    page.goto(base + "/published/")
    listing = page.locator("main").inner_text()
    assert listing.count("已解决") == 1 and "已办结（正在解决）" in listing
    assert a_case.tracking_number

    # The handler: counts with links, and the cases themselves, earliest due first.
    handler = open_page(width, 900)
    sign_in_as(handler, base, "handler_x")
    tile = handler.locator("#waiting a.lx-tile", has_text="待签收")
    assert tile.locator(".lx-tile-count").inner_text() == "1"
    todo = handler.locator("#department-todo a.list-group-item")
    assert todo.count() == 2
    assert "待签收" in handler.locator("#department-todo", has_text="路灯不亮").inner_text()
    assert handler.evaluate("document.documentElement.scrollWidth") <= width
    handler.locator("#department-todo a", has_text="路灯不亮").click()
    handler.wait_for_url(f"**/work/cases/{pending_id}/")
    # The case page is the case: no dashboard panels repeated below it.
    assert handler.locator("#work-panels").count() == 0
    assert working_id

    # The committee: the invitations no deputy has answered, counted and linked.
    committee = open_page(width, 900)
    sign_in_as(committee, base, "committee")
    tile = committee.locator("#waiting a.lx-tile", has_text="邀请待回复")
    assert tile.locator(".lx-tile-count").inner_text() == "1"
    tile.click()
    committee.wait_for_url("**/work/committee/activities/**")
    assert committee.locator("main .list-group a", has_text="老旧小区改造视察").count() == 1
    assert in_thread(lambda: Case.objects.get(pk=b_case.pk).outcome) == "under_way"
