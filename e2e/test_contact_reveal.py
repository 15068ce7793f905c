"""Revealing a citizen's contact on a phone (390 px): the deputy opens the case, sees the
contact masked, is asked for a reason, then sees it inline; the reveal is audited and a reload
masks it again."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, World, in_thread
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "lx-reveal-shots"
PHONE = "13812340001"
ADDRESS = "东湖区青石街道幸福里8号3单元502室"


def test_deputy_reveals_the_contact_with_a_reason_at_390(
    transactional_db: Any, live_server: Any, world: World, submit: Any, open_page: Any
) -> None:
    SHOTS.mkdir(exist_ok=True)
    case = submit(contact_name="甄隐私", contact_phone=PHONE, address=ADDRESS)
    actions.accept_case(
        world["committee"], case=case, deputy=world.deputy_a, station=world.station_a
    )
    page = open_page(390, 900)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "deputy_a")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/work/")
    page.goto(f"{live_server.url}/work/cases/{case.pk}/")
    card = page.locator("#case-contact-card")
    assert "138****0001" in card.inner_text() and PHONE not in page.content()
    assert "甄**" in card.inner_text() and ADDRESS not in page.content()

    page.click("#reveal-form button[type=submit]")  # no reason yet
    page.wait_for_selector("#reveal-reason-error")
    assert "理由" in page.locator("#reveal-reason-error").inner_text()
    assert PHONE not in page.content()
    page.screenshot(path=str(SHOTS / "reason-missing-390.png"), full_page=True)

    page.fill("#reveal-reason", "电话回访，约定上门查看电梯的时间")
    page.click("#reveal-form button[type=submit]")
    page.wait_for_selector("#contact-revealed")
    assert page.locator(f'#case-contact a[href="tel:{PHONE}"]').inner_text() == PHONE
    assert ADDRESS in card.inner_text() and "甄隐私" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#case-contact-card").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(SHOTS / "revealed-390.png"), full_page=True)
    assert page.blocked == []  # no CSP violation

    event = in_thread(lambda: AuditEvent.objects.filter(action="cases.reveal_contact").latest("id"))
    failed = in_thread(
        lambda: AuditEvent.objects.get(action="cases.reveal_contact", outcome="failed")
    )
    assert failed.target_id == str(case.pk)  # the try without a reason is kept too
    assert event.outcome == "ok" and event.target_id == str(case.pk)
    assert event.data["reason"] == "电话回访，约定上门查看电梯的时间"
    page.reload()
    assert PHONE not in page.content()
