"""The committee connects with its deputies, in Chromium: committee staff create a
legislative-research activity and invite the suggested deputies; the deputy accepts in their
inbox (phone width); staff mark attendance; the activity is on the deputy's calendar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.committee.models import Activity, Invitation
from lianxi.directory.models import Expertise

pytestmark = pytest.mark.browser


def sign_in(open_page: Any, base: str, username: str, width: int) -> Any:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return page


def test_staff_invite_deputy_accepts_and_attends(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    base = live_server.url

    def give_expertise() -> None:
        world.deputy_a.expertise.add(Expertise.objects.create(name="生态环保"))

    in_thread(give_expertise)
    start = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)

    staff = sign_in(open_page, base, "committee", 1280)
    staff.goto(base + "/work/committee/activities/")
    staff.click("#new-activity")
    staff.select_option("#id_kind", "legislative")
    staff.fill("#id_title", "《示范市生态环境保护条例》立法调研")
    staff.fill("#id_topic", "河湖治理和大气污染防治")
    staff.fill("#id_agenda", "一、听取市生态环境局汇报\n二、代表座谈")
    staff.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_ends_at", (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    staff.fill("#id_place", "市人大常委会第一会议室")
    staff.fill("#id_capacity", "10")
    staff.get_by_label("生态环保").check()
    staff.click("#save-activity")
    staff.wait_for_selector("#suggestions")
    # The suggestion lists the deputy with that field of expertise, pre-selected, and not the other.
    assert staff.locator(f"#suggest-{world.deputy_a.pk}").is_checked()
    assert staff.locator(f"#suggest-{world.deputy_b.pk}").count() == 0
    staff.click("#invite-selected")
    staff.wait_for_selector(".alert-success")
    assert staff.locator("#invitations").get_by_text("李明华").count() == 1
    activity_id = in_thread(lambda: Activity.objects.get().pk)

    deputy = sign_in(open_page, base, "deputy_a", 390)
    deputy.goto(base + "/work/committee/")
    card = deputy.locator("#inbox-invitations")
    assert "立法调研" in card.inner_text()
    card.get_by_role("button", name="我将参加").click()
    deputy.wait_for_selector(".alert-success")
    assert in_thread(lambda: Invitation.objects.get().status) == "accepted"

    staff.goto(f"{base}/work/committee/activities/{activity_id}/")
    staff.check(f"#present-{world.deputy_a.pk}")
    staff.click("#save-attendance")
    staff.wait_for_selector(".alert-success")
    assert in_thread(lambda: Invitation.objects.get().attended) is True

    deputy.goto(base + "/work/committee/calendar/")
    items = deputy.locator("#calendar-items")
    assert "《示范市生态环境保护条例》立法调研" in items.inner_text()
    assert deputy.blocked == [] and staff.blocked == []
