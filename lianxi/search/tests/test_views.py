"""The search pages: who may open which, escaping, bad input, no personal data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import CANARY_NAME, CANARY_PHONE, World

STAFF = reverse("search_work:search")
PUBLIC = reverse("search:search")


def test_staff_page_lists_visible_hits_with_marks(world: World, submit: Any, login: Any) -> None:
    mine = submit(title="小区电梯长期故障", community=world.community1)
    other = submit(title="电梯噪音扰民", community=world.community2)
    page = login(world["deputy_a"]).get(STAFF, {"q": "电梯", "sort": "date"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "小区<mark>电梯</mark>长期故障" in body
    assert mine.tracking_number in body
    assert other.tracking_number not in body and "噪音扰民" not in body


def test_staff_page_is_for_staff(world: World, client: Any, login: Any) -> None:
    assert client.get(STAFF).status_code == 302  # sign in first
    assert login(world["citizen"]).get(STAFF, {"q": "电梯"}).status_code == 403
    assert login(world["admin"]).get(STAFF).status_code == 200  # the empty form


def test_bad_input_names_the_field(world: World, login: Any) -> None:
    c = login(world["committee"])
    page = c.get(STAFF, {"q": "电梯", "start": "2026-05-01", "end": "2026-04-01"})
    assert page.status_code == 200
    assert "结束日期早于开始日期" in page.content.decode()
    for bad in ({"category": "abc"}, {"page": "-1"}, {"start": "昨天"}, {"kind": "secret"}):
        assert c.get(STAFF, {"q": "电梯", **bad}).status_code == 200


def test_query_text_is_escaped(world: World, submit: Any, login: Any) -> None:
    submit(title="小区电梯长期故障")
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    body = login(world["admin"]).get(STAFF, {"q": payload}).content.decode()
    assert "<script>alert(1)" not in body and "<img src=x" not in body


def test_public_page_shows_published_cases_without_personal_data(
    world: World, published: Any, submit: Any, client: Any
) -> None:
    case = published()
    hidden = submit(title="路灯不亮影响出行", consent_to_publish=True)
    page = client.get(PUBLIC, {"q": "路灯"})
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("published:detail", args=[case.tracking_number]) in body
    assert hidden.tracking_number not in body
    assert CANARY_PHONE not in body and CANARY_NAME not in body
    for q in (CANARY_PHONE, CANARY_NAME):
        assert "<mark>" not in client.get(PUBLIC, {"q": q}).content.decode()
    assert client.get(PUBLIC).status_code == 200


def test_nav_and_panel(world: World, login: Any) -> None:
    staff = login(world["staff_a"]).get(reverse("workbench:home")).content.decode()
    assert STAFF in staff
    citizen = login(world["citizen"]).get(reverse("workbench:home")).content.decode()
    assert STAFF not in citizen and PUBLIC in citizen


def test_staff_page_finds_a_case_by_its_tracking_number(
    world: World, submit: Any, login: Any
) -> None:
    case = submit(title="楼道堆物占用消防通道")
    submit(title="楼道堆物又出现了")
    body = login(world["staff_a"]).get(STAFF, {"q": case.tracking_number}).content.decode()
    assert reverse("casework:detail", args=[case.pk]) in body
    assert (
        login(world["staff_b"])
        .get(STAFF, {"q": case.tracking_number})
        .content.decode()
        .count(reverse("casework:detail", args=[case.pk]))
        == 0
    )
