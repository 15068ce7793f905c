"""The workbench: each persona sees its own scope, and the same 404 outside it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import CANARY_PHONE, World
from lianxi.directory.models import Category
from lianxi.directory.tests import factories as f

HOME = "/work/"


def page(client: Client, url: str = HOME) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_anonymous_is_sent_to_sign_in(client: Client, world: World) -> None:
    for url in (
        HOME,
        reverse("workbench:station", args=[world.station_a.pk]),
        reverse("workbench:department", args=[world.dept_x.pk]),
        reverse("workbench:deputy", args=[world.deputy_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "committee",
        "committee_d1",
        "staff_a",
        "staff_b",
        "deputy_a",
        "deputy_b",
        "handler_x",
        "handler_y",
        "citizen",
    ],
)
def test_every_persona_has_a_workbench(login: Any, world: World, persona: str) -> None:
    body = page(login(world[persona]))
    assert world[persona].get_role_display() in body


def test_citizen_without_community_is_asked_for_it(login: Any, world: World) -> None:
    body = page(login(world["citizen"]))
    assert reverse("accounts:profile") in body
    assert world.station_a.name not in body and world.station_b.name not in body
    assert "13700001111" not in body and "137****1111" in body


def test_citizen_sees_who_serves_their_community(login: Any, world: World) -> None:
    citizen = world["citizen"]
    citizen.home_community = world.community1
    citizen.save()
    body = page(login(citizen))
    assert world.community1.name in body
    assert world.station_a.name in body and world.deputy_a.name in body
    assert world.station_b.name not in body and world.deputy_b.name not in body
    assert CANARY_PHONE not in body
    board = body.split('id="main"', 1)[1]
    # no dead buttons on the board: every button submits a form that goes somewhere
    board = re.sub(r'<form[^>]*action="/[^"]*"[^>]*>.*?</form>', "", board, flags=re.S)
    assert "<button" not in board


def test_deputy_sees_own_record_unmasked_and_their_station(login: Any, world: World) -> None:
    colleague = f.deputy("周同站", world.district1, phone="13600003333")
    world.station_a.deputies.add(colleague)
    body = page(login(world["deputy_a"]))
    assert world.deputy_a.name in body and CANARY_PHONE in body
    assert world.station_a.name in body and world.community1.name in body
    assert "staff_a" in body  # the station's staff
    assert colleague.name in body and "13600003333" not in body
    assert world.station_b.name not in body and world.deputy_b.name not in body


def test_deputy_without_a_record(login: Any, world: World) -> None:
    f.deputy("无账号", world.district1)
    user = world["deputy_a"]
    world.deputy_a.user = None
    world.deputy_a.save()
    body = page(login(user))
    assert "not linked" in body or "尚未" in body
    assert CANARY_PHONE not in body


def test_station_staff_sees_their_station_only(login: Any, world: World) -> None:
    body = page(login(world["staff_a"]))
    assert world.station_a.name in body and world.deputy_a.name in body
    assert reverse("workbench:station", args=[world.station_a.pk]) in body
    assert world.community1.name in body
    assert world.station_b.name not in body and world.deputy_b.name not in body
    assert "松林" not in body
    body = page(login(world["staff_b"]))
    assert world.station_b.name in body and "青石" not in body


def test_handler_sees_their_department(login: Any, world: World) -> None:
    housing = f.category("住房保障测试", "TEST0101")
    world.dept_x.categories.add(housing)
    world.dept_x.handlers.add(f_user := world["handler_y"])  # a fellow handler
    body = page(login(world["handler_x"]))
    assert world.dept_x.name in body and "住房保障测试" in body and f_user.display_name in body
    assert reverse("workbench:department", args=[world.dept_x.pk]) in body
    assert world.dept_y.name not in body
    body = page(login(world["handler_y"]))
    assert world.dept_y.name in body


def test_committee_sees_its_jurisdiction(login: Any, world: World) -> None:
    body = page(login(world["committee_d1"]))
    assert world.district1.full_name in body
    assert world.station_a.name in body and world.deputy_a.name in body
    assert world.station_b.name not in body and world.deputy_b.name not in body
    assert CANARY_PHONE not in body  # lists mask phones
    body = page(login(world["committee"]))
    assert world.station_a.name in body and world.station_b.name in body
    assert world.deputy_b.name in body


def test_committee_counts(login: Any, world: World) -> None:
    body = page(login(world["committee"]))
    # 2 deputies, 2 stations, 2 departments, 2 communities in the city.
    assert body.count('<div class="stat-number">2</div>') == 4
    body = page(login(world["committee_d1"]))
    # District 1: 1 deputy, 1 station, 2 departments (its own and the city's), 1 community.
    assert body.count('<div class="stat-number">1</div>') == 3


def test_committee_tables_search_and_page(login: Any, world: World) -> None:
    for i in range(25):
        f.deputy(f"分页{i:02d}", world.district1)
    client = login(world["committee"])
    body = page(client, HOME + "?dq=王秀")
    assert world.deputy_b.name in body and world.deputy_a.name not in body
    assert world.station_a.name in body  # the other table is untouched
    body = page(client, HOME + "?sq=松林")
    assert world.station_b.name in body and world.station_a.name not in body
    body = page(client, HOME + "?dp=2")
    assert body.count('href="/work/deputies/') == 27 - 20
    body = page(client, HOME + "?dq=不存在")
    assert "No deputy matches" in body or "没有" in body


def test_committee_tables_are_htmx_fragments(login: Any, world: World) -> None:
    client = login(world["committee"])
    response = client.get(HOME + "?dq=王", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="deputy-table")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="deputy-table"')
    assert world.deputy_b.name in body and world.station_a.name not in body
    response = client.get(HOME, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="station-table")
    assert response.content.decode().lstrip().startswith('<section id="station-table"')


def test_admin_sees_users_by_role_and_links(login: Any, world: World) -> None:
    body = page(login(world["admin"]))
    for url in ("/admin/", "/admin/notifications/outboxmessage/", "/admin/audit/auditevent/"):
        assert f'href="{url}"' in body
    assert re.search(r'<th scope="row">[^<]+</th><td class="text-end">2</td>', body)  # 2 staff
    assert world.station_a.name in body and world.station_b.name in body


def test_station_page_scoped(login: Any, world: World) -> None:
    url_a = reverse("workbench:station", args=[world.station_a.pk])
    body = page(login(world["staff_a"]), url_a)
    assert CANARY_PHONE in body  # station staff may call their deputies
    assert "staff_a" in body and world.community1.name in body
    client = login(world["staff_b"])
    forbidden = client.get(url_a)
    missing = client.get(reverse("workbench:station", args=[987654]))
    assert forbidden.status_code == missing.status_code == 404
    assert world.station_a.name not in forbidden.content.decode()


def test_station_page_masks_contacts_the_user_may_not_see(login: Any, world: World) -> None:
    colleague = f.deputy("周同站", world.district1, phone="13600003333")
    world.station_a.deputies.add(colleague)
    body = page(login(world["deputy_a"]), reverse("workbench:station", args=[world.station_a.pk]))
    assert CANARY_PHONE in body  # their own number
    assert "13600003333" not in body and "136****3333" in body


def test_committee_station_scope(login: Any, world: World) -> None:
    client = login(world["committee_d1"])
    assert client.get(reverse("workbench:station", args=[world.station_a.pk])).status_code == 200
    assert client.get(reverse("workbench:station", args=[world.station_b.pk])).status_code == 404


def test_handler_cannot_reach_station_pages(login: Any, world: World) -> None:
    client = login(world["handler_x"])
    response = client.get(reverse("workbench:station", args=[world.station_a.pk]))
    assert response.status_code == 404
    assert CANARY_PHONE not in response.content.decode()
    assert client.get(reverse("workbench:deputy", args=[world.deputy_a.pk])).status_code == 404


def test_department_page_scoped(login: Any, world: World) -> None:
    category = Category.objects.create(
        code="TEST0901", name="物业管理测试", default_department=world.dept_x
    )
    world.dept_x.categories.add(category)
    body = page(login(world["handler_x"]), reverse("workbench:department", args=[world.dept_x.pk]))
    assert world.dept_x.name in body and "物业管理测试" in body and "handler_x" in body
    client = login(world["handler_y"])
    forbidden = client.get(reverse("workbench:department", args=[world.dept_x.pk]))
    missing = client.get(reverse("workbench:department", args=[987654]))
    assert forbidden.status_code == missing.status_code == 404


def test_deputy_record_scoped(login: Any, world: World) -> None:
    url_a = reverse("workbench:deputy", args=[world.deputy_a.pk])
    body = page(login(world["deputy_a"]), url_a)
    assert CANARY_PHONE in body and world.station_a.name in body
    client = login(world["deputy_b"])
    assert client.get(url_a).status_code == 404
    assert client.get(reverse("workbench:deputy", args=[987654])).status_code == 404
    assert CANARY_PHONE in page(login(world["staff_a"]), url_a)
    assert CANARY_PHONE in page(login(world["committee_d1"]), url_a)
    assert login(world["staff_b"]).get(url_a).status_code == 404


def test_workbench_answers_get_only(login: Any, world: World) -> None:
    assert login(world["admin"]).post(HOME).status_code == 405


def test_no_query_per_row(login: Any, world: World) -> None:
    """Fifteen more deputies and stations cost no extra query; each page stays small."""
    checks = [
        ("staff_a", HOME),
        ("staff_a", reverse("workbench:station", args=[world.station_a.pk])),
        ("deputy_a", HOME),
        ("committee", HOME),
        ("admin", HOME),
        ("committee", reverse("workbench:deputy", args=[world.deputy_a.pk])),
    ]

    def counts() -> list[int]:
        found = []
        for persona, url in checks:
            client = login(world[persona])
            client.get(url)  # warm the session and per-process caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found.append(len(ctx))
        return found

    before = counts()
    for i in range(15):
        deputy = f.deputy(f"批量{i:02d}", world.district1, phone=f"1380000{i:04d}")
        world.station_a.deputies.add(deputy)
        station = f.station(f"批量站{i:02d}", world.community1)
        station.staff.add(world["staff_a"])
        station.deputies.add(deputy)
        station.communities.add(world.community1)
    after = counts()
    assert after == before
    # the base page, one or two per workbench panel, the bell's count and what waits (one each,
    # and one for the committee's unanswered invitations)
    assert max(after) <= 28


def test_full_phone_display_is_audited(world: Any, login: Any) -> None:
    from lianxi.audit.models import AuditEvent

    client = login(world["staff_a"])
    assert client.get(f"/work/stations/{world.station_a.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="directory.show_contact")
    assert event.actor_label == "staff_a" and event.data == {"deputies": [world.deputy_a.pk]}
    login(world["deputy_a"]).get(f"/work/deputies/{world.deputy_a.pk}/")
    assert AuditEvent.objects.filter(action="directory.show_contact").count() == 1  # own record
