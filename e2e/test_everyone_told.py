"""Everyone is told, in Chromium at phone and desk width (issue 26): one matter walks through
every role. The citizen files it through the real form; committee staff accept it; the deputy
refers it; the department handler signs for it and answers; the deputy reports back; the
citizen rates. At each hand-over the next person sees the bell's count higher than before and
follows the notification to the case. Then a second matter, left unanswered from a fixed day,
is escalated by the daily job, and committee staff see it as 已督办."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import World, in_thread
from e2e.helpers import choose_community, latest_sms_code, send_intake, sign_in_as
from lianxi.cases import actions
from lianxi.cases.models import Case, Rating
from lianxi.cases.tasks import escalate_overdue

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "journey-shots"
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Person:
    """One role's browser page, and the bell count it saw last."""

    def __init__(self, page: Any, base: str, width: int, name: str) -> None:
        self.page, self.base, self.width, self.name = page, base, width, name
        self.seen = 0

    def bell(self) -> int:
        badge = self.page.locator("#bell-count")
        return int(badge.inner_text()) if badge.count() else 0

    def home(self) -> None:
        self.page.goto(self.base + "/work/")

    def bell_rose(self) -> int:
        """The count on the bell now, asserted higher than this person saw before."""
        now = self.bell()
        assert now > self.seen, (self.name, now, self.seen)
        return now

    def tile(self, label: str) -> str:
        tile = self.page.locator("#waiting a.lx-tile", has_text=label)
        return str(tile.locator(".lx-tile-count").inner_text())

    def shot(self, step: str) -> None:
        assert self.page.evaluate("document.documentElement.scrollWidth") <= self.width, step
        self.page.screenshot(path=str(SHOTS / f"{self.width}-{step}.png"), full_page=True)

    def follow(self, text: str, lands: str) -> None:
        """Bell → the list → the unread notification containing `text` → the case page."""
        self.page.click("#bell")
        self.page.wait_for_url("**/notifications/")
        self.shot(f"{self.name}-list")
        item = self.page.locator("#notification-list li.lx-unread", has_text=text)
        assert item.count() == 1, self.page.locator("main").inner_text()[:800]
        item.locator("button[type=submit]").first.click()
        self.page.wait_for_url("**" + lands)
        self.seen = self.bell()

    def step(self, step: str, fill: dict[str, str]) -> None:
        """Take a step of the case page's workflow (`#step-<step>` form)."""
        form = self.page.locator(f"#step-{step} form")
        for name, value in fill.items():
            field = form.locator(f"[name={step}-{name}]")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        form.locator("button[type=submit]").click()
        self.page.wait_for_load_state()
        main = self.page.locator("main").inner_text()[:500]
        assert self.page.locator(".alert-success").count() == 1, main
        self.seen = self.bell()


def staff(open_page: Any, base: str, width: int, username: str) -> Person:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return Person(page, base, width, username)


def citizen_files(open_page: Any, base: str, width: int, world: World) -> tuple[Person, int]:
    """The citizen signs in with an SMS code and files through the intake form."""
    page = open_page(width, 900)
    citizen = Person(page, base, width, "citizen")
    page.goto(base + "/accounts/citizen/")
    page.fill("input[name=phone]", "13700001111")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", in_thread(latest_sms_code))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/work/")
    citizen.seen = citizen.bell()
    page.goto(base + f"/cases/new/?station={world.station_a.pk}")
    page.select_option("#id_kind", "complaint")
    page.fill("#id_title", "青石社区路灯不亮")
    page.fill("#id_content", "青石社区3栋到5栋之间的路灯坏了一个月，晚上出行很不安全，请尽快修复。")
    choose_community(page, world)
    citizen.shot("citizen-form")
    send_intake(page)
    page.wait_for_url("**/cases/new/done/")
    number = page.locator("#tracking-number").inner_text().strip()
    citizen.shot("citizen-done")
    citizen.seen = citizen.bell()  # told it was received
    return citizen, in_thread(lambda: Case.objects.get(tracking_number=number).pk)


def left_unanswered(world: World) -> int:
    """A second matter accepted on a fixed Monday and never answered; the daily job escalates
    it three weeks later, well beyond the deputy's deadline."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI), tick=False):
        from django.contrib.auth.models import AnonymousUser

        data = actions.Intake(
            kind="complaint",
            title="松林路下水道堵塞",
            content="青石社区松林路下水道堵塞多日，雨天积水严重，请尽快疏通。",
            channel="online",
            community=world.community1,
            contact_phone="13612345678",
        )
        case = actions.submit_case(AnonymousUser(), data=data).case
        actions.accept_case(
            world["committee"], case=case, deputy=world.deputy_a, station=world.station_a
        )
    with time_machine.travel(datetime(2026, 3, 23, 8, 0, tzinfo=SHANGHAI), tick=False):
        assert escalate_overdue() == 1
    return int(case.pk)


@pytest.mark.parametrize("width", [390, 1280])
def test_every_role_is_told_and_lands_on_the_case(
    transactional_db: Any, live_server: Any, world: World, open_page: Any, width: int
) -> None:
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    citizen, case_id = citizen_files(open_page, base, width, world)
    on_case = f"/work/cases/{case_id}/"

    committee = staff(open_page, base, width, "committee")
    committee.bell_rose()
    assert committee.tile("待分办") == "1"
    committee.shot("committee-home")
    committee.follow("待分办", on_case)
    committee.step("accept", {"deputy": str(world.deputy_a.pk)})

    deputy = staff(open_page, base, width, "deputy_a")
    deputy.bell_rose()
    assert deputy.tile("新交办的诉求") == "1"
    deputy.follow("已交由您办理", on_case)
    deputy.shot("deputy-case")
    deputy.step("refer", {"lead": str(world.dept_x.pk)})

    handler = staff(open_page, base, width, "handler_x")
    handler.bell_rose()
    assert handler.tile("待签收") == "1"
    handler.shot("handler-home")
    handler.follow("已转交贵单位", on_case)
    handler.step("dept_accept", {})
    handler.step(
        "dept_answer", {"answer": "已安排维修班组更换灯具，本周内修复。", "result_class": "A"}
    )

    deputy.home()
    deputy.bell_rose()
    assert deputy.tile("待向群众反馈") == "1"
    deputy.follow("已答复诉求", on_case)
    deputy.step("report_back", {"text": "住建局已安排维修，本周内修复，请您留意。"})

    citizen.home()
    citizen.bell_rose()
    citizen.follow("代表已反馈办理结果", f"/cases/mine/{case_id}/")
    body = citizen.page.locator("main").inner_text()
    assert "已安排维修班组更换灯具" in body and "本周内修复，请您留意" in body
    form = citizen.page.locator("#rate-form")
    form.locator("input[name=rate-deputy_rating][value=satisfied]").check()
    form.locator("input[name=rate-department_rating][value=satisfied]").check()
    citizen.shot("citizen-rate")
    form.locator("button[type=submit]").click()
    citizen.page.wait_for_load_state()
    assert in_thread(lambda: Case.objects.get(pk=case_id).status) == "closed"
    assert in_thread(lambda: Rating.objects.filter(case_id=case_id).count()) == 1

    # The committee sees the escalated matter: bell, home tile, the notification, the list tab.
    late_id = in_thread(lambda: left_unanswered(world))
    committee.home()
    committee.bell_rose()
    assert committee.tile("已督办") == "1" and committee.tile("已逾期") == "1"
    committee.shot("committee-escalated-home")
    committee.follow("现已转入督办", f"/work/cases/{late_id}/")
    assert committee.page.locator("#case-escalated").inner_text() == "已督办"
    committee.page.goto(base + "/work/cases/?view=escalated")
    tab = committee.page.locator("ul.nav-tabs a[aria-current=page]")
    assert tab.inner_text().startswith("已督办")
    rows = committee.page.locator("tbody tr")
    assert rows.count() == 1 and rows.locator(".lx-escalated").inner_text() == "已督办"
    assert "2026-03-16" in rows.inner_text()  # the deputy's deadline that passed, not "—"
    committee.shot("committee-escalated-list")
    for person in (citizen, committee, deputy, handler):
        assert person.page.blocked == [], person.name
