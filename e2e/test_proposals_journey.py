"""A deputy's suggestion, in Chromium, from a hot issue to the citizen behind it: the deputy
builds a suggestion from a hot issue one of their cases belongs to and invites two co-signers,
who confirm in their list; the deputy files it; committee staff accept it and assign a lead and
a co-handling unit; the co-handling unit gives its opinion; the lead unit records its contact
with the deputy, drafts a B reply and signs it off; the deputy rates it 基本满意; the citizen
whose case is linked sees the outcome on their case."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread, make_user
from e2e.helpers import latest_sms_code, sign_in_as
from lianxi.directory.tests import factories as f
from lianxi.proposals.models import Proposal

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def shot(page: Any, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"proposals-{name}-{width}.png"), full_page=True)


def prepare(world: World, submit: Any) -> tuple[int, int]:
    """A citizen's case accepted for deputy A, in a hot issue; a second co-signer."""
    from lianxi.cases.actions import accept_case
    from lianxi.topics.models import HotIssue

    case = submit(actor=world["citizen"])
    accept_case(world["committee"], case=case, deputy=world.deputy_a)
    when = datetime(2026, 3, 1, tzinfo=UTC)
    issue = HotIssue.objects.create(
        rank=1,
        label="老旧小区电梯故障",
        size=1,
        recent=1,
        followers=0,
        score=1.0,
        first_at=when,
        last_at=when,
    )
    issue.cases.set([case])
    f.deputy("赵新", world.district2, user=make_user("deputy_c", "deputy"))
    return case.pk, issue.pk


def sign_in(open_page: Any, base: str, username: str, width: int) -> Any:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return page


def step(page: Any, button: str) -> None:
    page.click(button)
    page.wait_for_selector(".alert-success")


@pytest.mark.parametrize("width", [390, 1280])
def test_hot_issue_to_suggestion_to_citizen(
    transactional_db: Any, live_server: Any, world: World, submit: Any, open_page: Any, width: int
) -> None:
    base = live_server.url
    case_id, issue_id = prepare(world, submit)

    # The deputy builds a suggestion from the hot issue and invites two co-signers.
    deputy = sign_in(open_page, base, "deputy_a", width)
    deputy.goto(base + "/work/proposals/new/")
    deputy.click(f"a.hot-issue-link[href='?hot={issue_id}']")
    deputy.wait_for_selector("#from-hot-issue")
    deputy.select_option("#id_kind", "suggestion")
    deputy.fill(
        "#id_body", "青石社区多栋老旧住宅电梯故障频发，老人上下楼困难，建议统筹安排改造资金。"
    )
    deputy.fill("#id_measures", "将老旧小区电梯改造列入年度民生实事项目。")
    shot(deputy, "draft", width)
    step(deputy, "#save-draft")
    proposal_id = in_thread(lambda: Proposal.objects.get().pk)
    assert in_thread(lambda: Proposal.objects.get().cases.count()) == 1
    deputy.select_option("#id_deputies", label=["王秀英", "赵新"])
    step(deputy, "#invite")

    for username in ("deputy_b", "deputy_c"):
        cosigner = sign_in(open_page, base, username, width)
        cosigner.goto(base + "/work/proposals/")
        cosigner.click("button[name=answer][value=confirm]")
        cosigner.wait_for_selector(".alert-success")
        cosigner.context.close()

    deputy.goto(f"{base}/work/proposals/{proposal_id}/")
    assert deputy.locator("text=已确认").count() == 2
    step(deputy, "#file")
    assert "已提交" in deputy.locator("#proposal-status").inner_text()

    # Committee staff accept it and assign a lead and a co-handling unit.
    staff = sign_in(open_page, base, "committee", width)
    staff.goto(f"{base}/work/proposals/{proposal_id}/")
    staff.select_option("#id_decision", "accept")
    step(staff, "#review")
    staff.select_option("#id_lead", str(world.dept_x.pk))
    staff.select_option("#id_co_units", [str(world.dept_y.pk)])
    shot(staff, "assign", width)
    step(staff, "#assign")
    assert "办理中" in staff.locator("#proposal-status").inner_text()

    # The co-handling unit gives its opinion; the lead unit records its contact and answers B.
    co = sign_in(open_page, base, "handler_y", width)
    co.goto(f"{base}/work/proposals/{proposal_id}/")
    co.fill("#id_text", "我局将配合做好电梯安全检验和维保单位监管工作。")
    step(co, "#send-co-opinion")
    co.context.close()

    unit = sign_in(open_page, base, "handler_x", width)
    unit.goto(f"{base}/work/proposals/{proposal_id}/")
    unit.select_option("#id_method", "phone")
    unit.fill("#id_on", timezone.localdate().isoformat())
    unit.fill("#id_notes", "与代表电话沟通，商定分两批实施改造。")
    step(unit, "#contact")
    unit.select_option("#id_result", "B")
    unit.fill("#id_text", "已将青石社区3栋等12部电梯改造列入今年计划，预计年内完成第一批8部。")
    step(unit, "#save-reply")
    shot(unit, "reply", width)
    step(unit, "#sign-off")
    assert "已答复" in unit.locator("#proposal-status").inner_text()

    # The deputy rates it 基本满意.
    deputy.goto(f"{base}/work/proposals/{proposal_id}/")
    assert "正在解决或列入计划" in deputy.locator("#reply").inner_text()
    deputy.select_option("#id_rating", "basic")
    deputy.fill("#id_comment", "希望加快进度。")
    step(deputy, "#rate")
    assert "基本满意" in deputy.locator("#reply").inner_text()
    shot(deputy, "rated", width)

    # The citizen behind it signs in with a code and sees the outcome on their case.
    citizen = open_page(width, 900)
    citizen.goto(base + "/accounts/citizen/")
    citizen.fill("input[name=phone]", "13700001111")
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_selector("input[name=code]")
    citizen.fill("input[name=code]", in_thread(latest_sms_code))
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_url("**/work/")
    citizen.goto(f"{base}/cases/mine/{case_id}/")
    main = citizen.locator("main").inner_text()
    assert "李明华" in main and "正在解决或列入计划" in main, main
    shot(citizen, "citizen", width)
    pages = [deputy, staff, unit, citizen]
    assert [p.blocked for p in pages] == [[], [], [], []]
