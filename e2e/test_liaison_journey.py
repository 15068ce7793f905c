"""Deputies among the people, in Chromium: a citizen books a place at a station's duty shift
(phone width); on the day staff see the booking in the queue, file a walk-in case and record
the reception; the deputy logs a visit; committee staff approve it and the compliance view
changes accordingly."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread
from e2e.helpers import sign_in_as
from lianxi.cases.models import Case
from lianxi.liaison.models import Duty, LiaisonRule, Reception, Shift

pytestmark = pytest.mark.browser


def sign_in(open_page: Any, base: str, username: str, width: int) -> Any:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return page


def visits_now(page: Any, deputy_id: int) -> str:
    page.reload()
    row = page.locator(f"#standing-{deputy_id}")
    row.locator("summary").click()
    return row.locator("li[data-key=visits] .measure-actual").inner_text().strip()


def test_book_receive_visit_and_compliance(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    base = live_server.url
    start = timezone.now() + timedelta(hours=2)
    shift = Shift.objects.create(
        station=world.station_a,
        kind="one_off",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=5,
    )
    Duty.objects.create(shift=shift, deputy=world.deputy_a)
    LiaisonRule.objects.create(
        level=world.deputy_a.level, year=timezone.localdate().year, min_visits=4
    )

    citizen = open_page(390, 844)
    citizen.goto(f"{base}/stations/{world.station_a.pk}/")
    citizen.click("#liaison-rota a")
    citizen.click(f"a[href='/liaison/shifts/{shift.pk}/book/']")
    citizen.fill("#id_name", "张阿姨")
    citizen.fill("#id_phone", "13700009999")
    citizen.fill("#id_topic", "小区加装电梯")
    citizen.click("#book-submit")
    citizen.wait_for_selector("#booked")
    assert not citizen.blocked

    # The day comes: the shift starts.
    in_thread(
        lambda: Shift.objects.filter(pk=shift.pk).update(
            starts_at=timezone.now() - timedelta(minutes=5)
        )
    )
    staff = sign_in(open_page, base, "staff_a", 1280)
    staff.goto(f"{base}/work/liaison/shifts/{shift.pk}/")
    assert "张阿姨" in staff.locator("#queue").inner_text()
    staff.fill("#walkin-form #id_title", "老旧小区加装电梯")
    staff.fill("#walkin-form #id_content", "张阿姨反映三号楼老人多，希望尽快加装电梯。")
    staff.fill("#walkin-form #id_contact_name", "张阿姨")
    staff.fill("#walkin-form #id_contact_phone", "13700009999")
    staff.click("#walkin-submit")
    staff.wait_for_selector("#reception-cases")
    staff.fill("#reception-form #id_people_received", "3")
    staff.fill("#reception-form #id_matters", "加装电梯；楼道照明")
    staff.click("#reception-submit")
    staff.wait_for_selector(".alert-success")
    reception = in_thread(lambda: Reception.objects.get(shift=shift))
    assert reception.people_received == 3
    assert in_thread(lambda: list(reception.cases.values_list("channel", flat=True))) == ["station"]
    assert in_thread(lambda: Case.objects.count()) == 1

    committee = sign_in(open_page, base, "committee", 1280)
    committee.goto(f"{base}/work/liaison/compliance/")
    assert visits_now(committee, world.deputy_a.pk) == "0"

    deputy = sign_in(open_page, base, "deputy_a", 390)
    deputy.goto(f"{base}/work/liaison/")
    deputy.click("#log-visit")
    deputy.fill("#id_date", timezone.localdate().isoformat())
    deputy.select_option("#id_community", str(world.community1.pk))
    deputy.select_option("#id_method", "home")
    deputy.fill("#id_people_met", "8")
    deputy.fill("#id_matters", "居民反映停车难")
    deputy.click("#visit-submit")
    deputy.wait_for_selector("#visit-status")
    assert "待审核" in deputy.locator("#visit-status").inner_text()
    assert not deputy.blocked

    committee.goto(f"{base}/work/liaison/visits/?status=submitted")
    committee.locator("ul.list-group a").first.click()
    committee.click("#approve-visit")
    committee.wait_for_selector(".alert-success")
    committee.goto(f"{base}/work/liaison/compliance/")
    assert visits_now(committee, world.deputy_a.pk) == "1"
    assert not committee.blocked
