"""Each role's home shows what waits for it, with counts that are true (each counts what its
link lists, within the user's scope) and cheap (the queries do not grow with the rows)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World
from lianxi.cases import actions
from lianxi.cases.models import Case, Referral
from lianxi.liaison.models import Booking, Shift
from lianxi.notifications.tests.factories import note

HOME = "/work/"
TILE = re.compile(
    r'<a class="lx-tile[^"]*" href="(?P<url>[^"]+)">\s*<div class="lx-tile-count">(?P<n>\d+)</div>'
    r'\s*<div class="small">(?P<label>[^<]+)</div>'
)


def tiles(client: Client) -> dict[str, tuple[int, str]]:
    """label → (count, link) of the home's tiles."""
    page = client.get(HOME).content.decode()
    return {m["label"]: (int(m["n"]), m["url"].replace("&amp;", "&")) for m in TILE.finditer(page)}


def listed(client: Client, url: str) -> int:
    """How many cases the list at `url` shows (each links to its case page once)."""
    page = client.get(url).content.decode()
    return len(set(re.findall(r'href="/work/cases/(\d+)/"', page)))


def check_links(client: Client, found: dict[str, tuple[int, str]]) -> None:
    for label, (n, url) in found.items():
        if url.startswith("/work/cases/"):
            assert listed(client, url) == n, (label, url)


@pytest.fixture
def walk(world: World, submit: Any) -> Any:
    """`walk(to, district=1)` files a case and takes it through the steps up to `to`."""

    def fresh(case: Case) -> Case:
        return Case.objects.get(pk=case.pk)

    def go(to: str, district: int = 1) -> Case:
        two = district == 2
        case = submit(community=world.community2 if two else world.community1)
        if to == "submitted":
            return case
        deputy = world.deputy_b if two else world.deputy_a
        case = actions.accept_case(
            world["committee"],
            case=case,
            deputy=deputy,
            station=world.station_b if two else world.station_a,
        )
        if to == "assigned":
            return fresh(case)
        dep_user = world["deputy_b" if two else "deputy_a"]
        dept = world.dept_y if two else world.dept_x
        handler = world["handler_y" if two else "handler_x"]
        case = actions.refer_case(dep_user, case=fresh(case), lead=dept)
        if to == "referred":
            return fresh(case)
        if to == "returned":
            actions.department_return(handler, case=fresh(case), reason="不属于本单位职责范围")
            return fresh(case)
        actions.department_accept(handler, case=fresh(case))
        if to == "in_progress":
            return fresh(case)
        actions.department_answer(
            handler, case=fresh(case), text="已安排维修，本周内完成。", result_class="A"
        )
        if to == "answered":
            return fresh(case)
        actions.report_back(dep_user, case=fresh(case), text="已维修，请评价。")
        return fresh(case)

    return go


def due(case: Case, days: int) -> None:
    day = timezone.localdate() + timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(due_date=day, deputy_due=day)
    Referral.objects.filter(case=case).update(due_date=day)


def escalate(case: Case) -> None:
    due(case, -2)
    Case.objects.filter(pk=case.pk).update(escalated_at=timezone.now())


def test_deputy_home(login: Any, world: World, walk: Any) -> None:
    walk("assigned")
    walk("assigned")
    walk("answered")
    due(walk("referred"), 1)
    due(walk("in_progress"), -1)
    walk("assigned", district=2)  # deputy B's
    walk("answered", district=2)
    client = login(world["deputy_a"])
    found = tiles(client)
    assert found["新交办的诉求"][0] == 2
    assert found["待向群众反馈"][0] == 1
    assert found["3 日内到期"][0] == 1
    assert found["已逾期"][0] == 1
    assert found["未读消息"][0] > 0  # told of each case accepted
    check_links(client, found)


def test_department_home(login: Any, world: World, walk: Any) -> None:
    walk("referred")
    due(walk("referred"), 0)
    walk("in_progress")
    due(walk("in_progress"), -3)
    due(walk("answered"), -3)  # answered: no longer the department's to do
    walk("referred", district=2)  # department Y's
    client = login(world["handler_x"])
    found = tiles(client)
    assert found["待签收"][0] == 2
    assert found["办理中"][0] == 2
    assert found["3 日内到期"][0] == 1
    assert found["已逾期"][0] == 1
    check_links(client, found)
    assert "将显示在这里" not in client.get(HOME).content.decode()
    other = tiles(login(world["handler_y"]))
    assert other["待签收"][0] == 1 and other["办理中"][0] == 0


def test_committee_home(login: Any, world: World, walk: Any) -> None:
    walk("submitted")
    walk("submitted", district=2)
    walk("returned")
    escalate(walk("in_progress"))
    escalate(walk("referred", district=2))
    due(walk("assigned"), -1)
    client = login(world["committee"])
    found = tiles(client)
    assert found["待分办"][0] == 2
    assert found["承办单位退回"][0] == 1
    assert found["已督办"][0] == 2
    assert found["已逾期"][0] == 3
    check_links(client, found)
    district = tiles(login(world["committee_d1"]))
    assert district["待分办"][0] == 1 and district["已督办"][0] == 1
    assert district["已逾期"][0] == 2


def test_past_the_deputys_deadline_is_overdue(login: Any, world: World, walk: Any) -> None:
    """Only the deputy's deadline has passed (no department's due date yet, or one not
    signed for): the deputy's and the committee's 已逾期 count it, the list shows that date
    in red, while the department, whose own date is ahead, is not overdue."""
    late = timezone.localdate() - timedelta(days=5)
    Case.objects.filter(pk=walk("assigned").pk).update(deputy_due=late)
    referred = walk("referred")
    Case.objects.filter(pk=referred.pk).update(deputy_due=late)
    deputy = login(world["deputy_a"])
    assert tiles(deputy)["已逾期"][0] == 2
    check_links(deputy, tiles(deputy))
    body = login(world["committee"]).get("/work/cases/", {"view": "overdue"}).content.decode()
    assert body.count(late.strftime("%Y-%m-%d")) == 2
    assert tiles(login(world["committee"]))["已逾期"][0] == 2
    assert tiles(login(world["handler_x"]))["已逾期"][0] == 0


def at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def shift(station: Any, days: int, hour: int, booked: int = 0, cancelled: int = 0) -> Shift:
    made = Shift.objects.create(
        station=station, kind="one_off", starts_at=at(days, hour), ends_at=at(days, hour + 2)
    )
    for i in range(booked + cancelled):
        Booking.objects.create(
            shift=made, name=f"预约人{i}", status="booked" if i < booked else "cancelled"
        )
    return made


def test_station_staff_home(login: Any, world: World, submit: Any) -> None:
    first = shift(world.station_a, 0, 9, booked=2, cancelled=1)
    shift(world.station_a, 1, 14, booked=1)
    shift(world.station_a, 2, 9, booked=5)  # the day after tomorrow
    shift(world.station_a, -1, 9, booked=5)  # yesterday
    gone = shift(world.station_a, 1, 9, booked=4)
    Shift.objects.filter(pk=gone.pk).update(status="cancelled")
    shift(world.station_b, 0, 9, booked=3)  # another station's
    submit(channel="station")
    submit(channel="online")
    submit(channel="station", community=world.community2)
    client = login(world["staff_a"])
    found = tiles(client)
    assert found["今日值班"][0] == 1
    assert found["明日值班"][0] == 1
    assert found["今明两天的预约"][0] == 3
    assert found["本站未办结诉求"][0] == 2
    assert found["来访诉求（未办结）"][0] == 1
    check_links(client, found)
    page = client.get(HOME).content.decode()
    assert f'href="/work/liaison/shifts/{first.pk}/"' in page
    assert world.station_b.name not in page.split('id="waiting"')[1].split("</section>")[0]


def test_citizen_home(login: Any, world: World, submit: Any) -> None:
    citizen = world["citizen"]
    submit(citizen)
    submit(citizen)
    submit()  # someone else's
    client = login(citizen)
    found = tiles(client)
    assert found["未办结的诉求"] == (2, "/cases/mine/")
    assert found["待我评价"][0] == 0
    page = client.get(HOME).content.decode()
    assert "即将推出" not in page and "Soon you will" not in page
    assert 'href="/cases/new/"' in page and 'id="file-new"' in page


@pytest.mark.parametrize("persona", ["admin", "citizen", "staff_a", "handler_x", "committee"])
def test_unread_notifications_on_every_home(login: Any, world: World, persona: str) -> None:
    user = world[persona]
    note(user)
    note(user)
    note(user, read=True)
    note(world["deputy_b"])
    assert tiles(login(user))["未读消息"] == (2, "/notifications/")


def test_homes_cost_the_same_whatever_the_rows(login: Any, world: World, walk: Any) -> None:
    personas = ["deputy_a", "handler_x", "committee", "staff_a", "citizen", "admin"]

    def counts() -> dict[str, int]:
        found = {}
        for persona in personas:
            client = login(world[persona])
            client.get(HOME)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(HOME).status_code == 200
            found[persona] = len(ctx)
        return found

    walk("assigned")
    shift(world.station_a, 0, 9, booked=1)
    before = counts()
    for step in ("assigned", "referred", "in_progress", "answered", "returned", "submitted"):
        for _ in range(3):
            walk(step)
    for days in (0, 1):
        for hour in (8, 10, 14):
            shift(world.station_a, days, hour, booked=3)
    for persona in personas:
        for _ in range(5):
            note(world[persona])
    after = counts()
    assert after == before
