"""Pages: the public rota and booking, this week's duty, the staff desk, visits, compliance,
exports; scoping (staff only their stations, deputies only their own visits)."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from conftest import World
from lianxi.cases.models import Case
from lianxi.liaison.models import Booking, LiaisonRule, Visit


def test_public_rota_booking_and_week(client: Client, world: World, make_shift: Any) -> None:
    shift = make_shift(days=2)
    page = client.get(f"/liaison/stations/{world.station_a.pk}/rota/")
    assert page.status_code == 200 and "李明华".encode() in page.content
    bad = client.post(f"/liaison/shifts/{shift.pk}/book/", {"name": "张三", "phone": "12"})
    assert bad.status_code == 400 and Booking.objects.count() == 0
    ok = client.post(f"/liaison/shifts/{shift.pk}/book/", {"name": "张三", "phone": "13700005555"})
    assert ok.status_code == 200 and Booking.objects.count() == 1
    week = client.get("/liaison/week/", {"area": world.district1.pk})
    assert week.status_code == 200
    assert client.get(f"/stations/{world.station_a.pk}/").status_code == 200
    deputy_page = client.get(f"/deputies/{world.deputy_a.pk}/")
    assert b"deputy-qr" in deputy_page.content
    qr = client.get(f"/liaison/deputies/{world.deputy_a.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert client.get("/liaison/map/data.json").json()["outlines"]["type"] == "FeatureCollection"


def test_staff_see_only_their_stations(login: Any, world: World, make_shift: Any) -> None:
    shift = make_shift(days=1)
    client = login(world["staff_b"])
    assert client.get(f"/work/liaison/shifts/{shift.pk}/").status_code == 404
    assert client.get(f"/work/liaison/stations/{world.station_a.pk}/").status_code == 404
    client = login(world["staff_a"])
    assert client.get(f"/work/liaison/shifts/{shift.pk}/").status_code == 200
    response = client.post(
        f"/work/liaison/shifts/{shift.pk}/case/",
        {
            "title": "楼道堆物",
            "content": "三单元楼道长期堆放杂物，存在消防隐患。",
            "contact_name": "赵先生",
            "contact_phone": "13700006666",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().channel == "station"


def test_deputy_logs_visit_and_compliance_page(login: Any, world: World) -> None:
    client = login(world["deputy_a"])
    response = client.post(
        "/work/liaison/visits/new/",
        {"date": "2020-01-01", "community": world.community1.pk, "method": "home", "people_met": 3},
    )
    assert response.status_code == 400  # older than a year
    from django.utils import timezone

    response = client.post(
        "/work/liaison/visits/new/",
        {
            "date": timezone.localdate().isoformat(),
            "community": world.community1.pk,
            "method": "home",
            "people_met": 3,
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    other = login(world["deputy_b"])
    assert other.get(f"/work/liaison/visits/{visit.pk}/").status_code == 404
    committee = login(world["committee"])
    committee.post(f"/work/liaison/visits/{visit.pk}/review/", {"approve": "1"})
    visit.refresh_from_db()
    assert visit.status == "approved"
    LiaisonRule.objects.create(level=world.deputy_a.level, year=timezone.localdate().year)
    page = committee.get("/work/liaison/compliance/")
    assert page.status_code == 200 and f"standing-{world.deputy_a.pk}".encode() in page.content
    export = committee.get("/work/liaison/export/compliance.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and sheet.max_row >= 2


def test_api_book_and_shifts(client: Client, world: World, make_shift: Any) -> None:
    shift = make_shift(days=2, capacity=1)
    listed = client.get("/api/v1/liaison/shifts", {"station": world.station_a.pk})
    assert listed.status_code == 200 and listed.json()[0]["deputies"] == ["李明华"]
    first = client.post(
        f"/api/v1/liaison/shifts/{shift.pk}/bookings",
        {"name": "张三", "phone": "13700007777"},
        content_type="application/json",
    )
    assert first.status_code == 201
    full = client.post(
        f"/api/v1/liaison/shifts/{shift.pk}/bookings",
        {"name": "李四", "phone": "13700008888"},
        content_type="application/json",
    )
    assert full.status_code in (409, 422) and full.json()["detail"]


def test_follow_a_deputy_from_the_deputy_page(
    client: Client, login: Any, world: World, make_shift: Any
) -> None:
    from lianxi.liaison.models import DeputySubscription

    make_shift(days=3)
    url = f"/liaison/deputies/{world.deputy_a.pk}/follow/"
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/accounts/citizen/" in anonymous["Location"]
    assert client.get(url).status_code == 405
    login(world["citizen"])
    page = client.get(f"/deputies/{world.deputy_a.pk}/")
    assert b"deputy-duty" in page.content and "青石社区代表联络站".encode() in page.content
    assert client.post(url).status_code == 302
    assert DeputySubscription.objects.filter(user=world["citizen"]).count() == 1
    page = client.get(f"/deputies/{world.deputy_a.pk}/").content.decode()
    assert "已关注" in page or "Following" in page
    assert client.post("/liaison/deputies/999999/follow/").status_code == 404


def test_api_patterns_shifts_and_rules(client: Client, login: Any, world: World) -> None:
    """Station staff create a pattern and generate its shifts through the API; committee
    staff set a year's rules; everyone else gets 404 and nothing changes."""
    from lianxi.audit.models import AuditEvent
    from lianxi.liaison.models import DutyPattern, Shift

    url = f"/api/v1/liaison/stations/{world.station_a.pk}/patterns"
    body = {
        "weekday": 2,
        "start_time": "09:00",
        "end_time": "11:30",
        "capacity": 8,
        "valid_from": "2027-03-01",
        "deputy_ids": [world.deputy_a.pk],
    }
    assert client.post(url, body, content_type="application/json").status_code == 401
    login(world["staff_b"])  # another station's staff
    assert client.post(url, body, content_type="application/json").status_code == 404
    login(world["staff_a"])
    bad = client.post(
        url, body | {"deputy_ids": [world.deputy_b.pk]}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "deputies"
    backwards = client.post(url, body | {"end_time": "08:00"}, content_type="application/json")
    assert backwards.status_code == 422 and backwards.json()["field"] == "end_time"
    assert not DutyPattern.objects.exists()
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201 and made.json()["deputy_ids"] == [world.deputy_a.pk]
    pattern_id = made.json()["id"]
    assert [p["id"] for p in client.get(url).json()] == [pattern_id]
    shifts = client.post(
        f"/api/v1/liaison/patterns/{pattern_id}/shifts",
        {"start": "2027-03-01", "end": "2027-03-31"},
        content_type="application/json",
    )
    assert shifts.status_code == 201
    days = [s["starts_at"][:10] for s in shifts.json()]
    assert days == ["2027-03-03", "2027-03-10", "2027-03-17", "2027-03-24", "2027-03-31"]
    assert Shift.objects.filter(pattern_id=pattern_id).count() == 5
    saved = AuditEvent.objects.filter(action="liaison.save_pattern")
    assert saved.filter(outcome="ok").count() == 1 and saved.filter(outcome="failed").count() == 2

    rule = {
        "level": world.deputy_a.level,
        "year": 2027,
        "min_visits": 6,
        "min_people_per_visit": 5,
        "min_shifts": 4,
        "max_answer_workdays": 10,
        "min_trainings": 1,
    }
    assert (
        client.put("/api/v1/liaison/rules", rule, content_type="application/json").status_code
        == 404
    )
    login(world["committee"])
    put = client.put("/api/v1/liaison/rules", rule, content_type="application/json")
    assert put.status_code == 200 and put.json()["min_visits"] == 6
    again = client.put(
        "/api/v1/liaison/rules", rule | {"min_visits": 8}, content_type="application/json"
    )
    assert again.json()["id"] == put.json()["id"]
    listed = client.get("/api/v1/liaison/rules", {"year": 2027}).json()
    assert [(r["level"], r["min_visits"]) for r in listed] == [(world.deputy_a.level, 8)]
    wrong = client.put(
        "/api/v1/liaison/rules", rule | {"min_visits": -1}, content_type="application/json"
    )
    assert wrong.status_code == 422


def test_check_in_poster_for_the_stations_staff(login: Any, world: World) -> None:
    url = f"/work/liaison/stations/{world.station_a.pk}/check-in-poster/"
    page = login(world["staff_a"]).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body
    assert f"/liaison/stations/{world.station_a.pk}/check-in/" in body
    assert (
        "check-in-poster"
        in login(world["staff_a"])
        .get(f"/work/liaison/stations/{world.station_a.pk}/")
        .content.decode()
    )
    assert login(world["staff_b"]).get(url).status_code == 404
    assert login(world["deputy_a"]).get(url).status_code == 404


def test_rules_page_says_which_year_is_carried_forward(login: Any, world: World) -> None:
    LiaisonRule.objects.create(level=world.deputy_a.level, year=2026, min_visits=7)
    committee = login(world["committee"])
    page = committee.get("/work/liaison/rules/", {"year": 2027})
    assert "沿用 2026 年规则".encode() in page.content
    compliance_page = committee.get("/work/liaison/compliance/", {"year": 2027})
    assert "沿用 2026 年规则".encode() in compliance_page.content
    assert (
        login(world["staff_a"])
        .post("/work/liaison/rules/carry-forward/", {"year": 2027})
        .status_code
        == 404
    )
    committee = login(world["committee"])  # one test client: sign the committee back in
    done = committee.post("/work/liaison/rules/carry-forward/", {"year": 2027}, follow=True)
    assert done.status_code == 200
    assert LiaisonRule.objects.get(level=world.deputy_a.level, year=2027).min_visits == 7
    assert "沿用 2026 年规则".encode() not in done.content
    api = committee.get("/api/v1/liaison/compliance", {"year": 2028}).json()
    assert api[0]["rule_year"] == 2027


def test_compliance_page_says_in_words_and_figures(login: Any, world: World) -> None:
    """Issue 22: each light has its words (not only a colour), each row its figures, the
    rule's column is not "必填", and a deputy sees his own record without the filters."""
    LiaisonRule.objects.create(level=world.deputy_a.level, year=2026, min_visits=4)
    committee = login(world["committee"])
    page = committee.get(
        "/work/liaison/compliance/", {"year": 2026}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="c-station"' in html and 'id="c-area"' in html
    assert "落后" in html and "走访 0/4" in html and "至少" in html
    assert "必填" not in html
    deputy = login(world["deputy_a"])
    own = deputy.get("/work/liaison/compliance/", {"year": 2026}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    mine = own.content.decode()
    assert own.status_code == 200 and "我的履职情况" in mine
    assert 'id="c-station"' not in mine and 'id="c-area"' not in mine
    assert f'id="standing-{world.deputy_a.pk}"' in mine and " open>" in mine
    assert f'id="standing-{world.deputy_b.pk}"' not in mine
