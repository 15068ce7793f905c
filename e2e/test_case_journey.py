"""One matter from the citizen to the deputy, to a department and back, in Chromium:
the citizen (phone width) submits with an attachment; committee staff accept; the deputy
refers; the department accepts and answers; the deputy reports back; the citizen sees the
answer and rates the deputy and the department separately."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import choose_community, latest_sms_code, send_intake, sign_in_as, tiny_png
from lianxi.cases.models import Case, Rating

pytestmark = pytest.mark.browser


def staff_session(open_page: Any, base: str, username: str) -> Any:
    page = open_page(1280, 900)
    sign_in_as(page, base, username)
    return page


def take_step(page: Any, base: str, case_id: int, step: str, fill: dict[str, str]) -> None:
    page.goto(f"{base}/work/cases/{case_id}/")
    form = page.locator(f"#step-{step} form")
    for name, value in fill.items():
        field = form.locator(f"[name={step}-{name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1, page.locator("main").inner_text()[:500]


def test_matter_goes_round_the_ledger(
    transactional_db: Any,
    live_server: Any,
    world: World,
    settings: Any,
    tmp_path: Path,
    open_page: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "photo.png"
    photo.write_bytes(tiny_png())
    base = live_server.url

    # The citizen signs in with a code and submits at phone width.
    citizen = open_page(390)
    citizen.goto(base + "/accounts/citizen/")
    citizen.fill("input[name=phone]", "13700001111")
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_selector("input[name=code]")
    citizen.fill("input[name=code]", in_thread(latest_sms_code))
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_url("**/work/")
    citizen.goto(base + f"/cases/new/?station={world.station_a.pk}")
    citizen.select_option("#id_kind", "complaint")
    citizen.fill("#id_title", "小区电梯停运两周")
    citizen.fill("#id_content", "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。")
    choose_community(citizen, world)
    citizen.set_input_files("#id_attachments", str(photo))
    send_intake(citizen)
    citizen.wait_for_url("**/cases/new/done/")
    number = citizen.locator("#tracking-number").inner_text().strip()
    case_id = in_thread(lambda: Case.objects.get(tracking_number=number).pk)

    committee = staff_session(open_page, base, "committee")
    take_step(committee, base, case_id, "accept", {"deputy": str(world.deputy_a.pk)})
    deputy = staff_session(open_page, base, "deputy_a")
    take_step(deputy, base, case_id, "refer", {"lead": str(world.dept_x.pk)})
    handler = staff_session(open_page, base, "handler_x")
    take_step(handler, base, case_id, "dept_accept", {})
    take_step(
        handler,
        base,
        case_id,
        "dept_answer",
        {"answer": "已安排维保单位更换主板，周五前恢复运行。", "result_class": "A"},
    )
    take_step(
        deputy,
        base,
        case_id,
        "report_back",
        {"text": "住建局已安排维修，周五前恢复运行，请您留意。"},
    )

    # The citizen sees the department's answer and rates both.
    citizen.goto(base + f"/cases/mine/{case_id}/")
    body = citizen.locator("main").inner_text()
    assert "已安排维保单位更换主板" in body and "周五前恢复运行，请您留意" in body
    form = citizen.locator("#rate-form")
    form.locator("input[name=rate-deputy_rating][value=satisfied]").check()
    form.locator("input[name=rate-department_rating][value=basic]").check()
    form.locator("button[type=submit]").click()
    citizen.wait_for_load_state()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    rating = in_thread(
        lambda: Rating.objects.values_list("deputy_rating", "department_rating").get()
    )
    assert rating == ("satisfied", "basic")
    assert in_thread(lambda: Case.objects.get(pk=case_id).status) == "closed"
    for page in (citizen, committee, deputy, handler):
        assert page.blocked == []
