"""The retention pages: administrators' overview, committee staff's requests, the citizen's
own page; every other role and area gets the same 404 as a missing page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from conftest import World
from lianxi.accounts.models import User
from lianxi.retention import actions
from lianxi.retention.models import DeletionRequest


@pytest.fixture
def request_d1(world: World) -> DeletionRequest:
    citizen = world["citizen"]
    citizen.home_community = world.community1
    citizen.save()
    return actions.file_request(citizen, reason="请删除")


def test_overview_for_administrators_only(world: World, login: Any, tmp_path: Path) -> None:
    for name in ("committee", "deputy_a", "handler_x", "citizen"):
        assert login(world[name]).get("/work/retention/").status_code == 404
        assert login(world[name]).post("/work/retention/archive/").status_code == 404
    client = login(world["admin"])
    page = client.get("/work/retention/")
    assert page.status_code == 200 and "数据保留" in page.content.decode()
    with override_settings(AUDIT_ARCHIVE_DIR=tmp_path):
        done = client.post("/work/retention/archive/", follow=True)
        assert done.status_code == 200
        verified = client.post("/work/retention/verify/", follow=True).content.decode()
    assert "审计链完整" in verified
    assert client.post("/work/retention/anonymise/", follow=True).status_code == 200
    assert client.get("/work/retention/archive/").status_code == 405


def test_committee_staff_refuse_a_request(
    world: World, login: Any, request_d1: DeletionRequest
) -> None:
    client = login(world["committee_d1"])
    listing = client.get("/work/retention/requests/").content.decode()
    assert f"/work/retention/requests/{request_d1.pk}/" in listing
    url = f"/work/retention/requests/{request_d1.pk}/"
    assert client.get(url).status_code == 200
    empty = client.post(url + "refuse/", {"answer": ""})
    assert empty.status_code == 400 and "这个字段是必填项" in empty.content.decode()
    done = client.post(url + "refuse/", {"answer": "依法需保存"})
    assert done.status_code == 302
    request_d1.refresh_from_db()
    assert request_d1.status == "refused"
    again = client.post(url + "approve/", {})
    assert again.status_code == 409


def test_approval_refused_while_a_matter_is_open(
    world: World, login: Any, request_d1: DeletionRequest, submit: Any
) -> None:
    submit(world["citizen"])
    page = login(world["committee"]).post(f"/work/retention/requests/{request_d1.pk}/approve/")
    assert page.status_code == 409 and "正在办理" in page.content.decode()


def test_requests_of_another_area_answer_404(
    world: World, login: Any, request_d1: DeletionRequest
) -> None:
    district2 = User.objects.create(
        username="committee_d2", role="committee", jurisdiction=world.district2
    )
    url = f"/work/retention/requests/{request_d1.pk}/"
    for user in (district2, world["deputy_a"], world["staff_a"], world["citizen"]):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url + "approve/").status_code == 404
    assert login(world["committee"]).get(url + "999/").status_code == 404
    assert login(world["committee"]).get("/work/retention/requests/999999/").status_code == 404


def test_the_citizen_files_and_follows_their_request(world: World, login: Any) -> None:
    client = login(world["citizen"])
    page = client.get("/privacy/deletion/").content.decode()
    assert "删除我的个人信息" in page
    done = client.post("/privacy/deletion/", {"reason": "不再使用"})
    assert done.status_code == 302
    page = client.get("/privacy/deletion/").content.decode()
    assert "等待处理" in page
    assert client.post("/privacy/deletion/", {"reason": "x" * 1001}).status_code == 400
    for name in ("committee", "deputy_a", "admin"):
        assert login(world[name]).get("/privacy/deletion/").status_code == 404
    client.logout()
    assert client.get("/privacy/deletion/").status_code == 302


def test_committee_home_shows_requests_waiting(
    world: World, login: Any, request_d1: DeletionRequest
) -> None:
    page = login(world["committee_d1"]).get("/work/").content.decode()
    assert "待处理的删除个人信息申请" in page and "/work/retention/requests/" in page
    district2 = User.objects.create(
        username="committee_d2", role="committee", jurisdiction=world.district2
    )
    assert "待处理的删除个人信息申请" not in login(district2).get("/work/").content.decode()
