"""Deletion requests through the API (PIPL 第四十七条): the citizen files and follows theirs,
committee staff of their area list and decide them; everyone else is refused, and inputs are
bounded (the one refusal body naming the field)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, force_login
from lianxi.accounts.models import User
from lianxi.audit.models import AuditEvent
from lianxi.retention.models import DeletionRequest

URL = "/api/v1/privacy/deletion-requests"


@pytest.fixture
def citizen(world: World) -> User:
    user = world["citizen"]
    user.home_community = world.community1  # district 1
    user.save()
    return user


def as_(user: User) -> Client:
    return force_login(Client(), user)


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_the_citizen_files_and_follows_their_request(world: World, citizen: User) -> None:
    me = as_(citizen)
    made = post(me, URL, {"reason": "我已搬离本市"})
    assert made.status_code == 201
    body = made.json()
    assert body["status"] == "pending" and body["reason"] == "我已搬离本市"
    assert AuditEvent.objects.filter(action="retention.file_request", outcome="ok").count() == 1
    again = post(me, URL, {"reason": ""})
    assert again.status_code == 409 and again.json()["detail"]
    assert [r["id"] for r in me.get(URL).json()] == [body["id"]]
    # Not theirs to decide: as missing.
    assert post(me, f"{URL}/{body['id']}/approve", {"answer": ""}).status_code == 404


def test_committee_staff_of_the_area_list_and_decide(world: World, citizen: User) -> None:
    request = post(as_(citizen), URL, {"reason": ""}).json()
    other_district = User.objects.create(
        username="committee_d2", role="committee", jurisdiction=world.district2
    )
    assert as_(other_district).get(URL).json() == []
    assert post(as_(other_district), f"{URL}/{request['id']}/approve", {}).status_code == 404
    staff = as_(world["committee_d1"])
    listed = staff.get(URL, {"status": "pending"}).json()
    assert [(r["id"], r["open_cases"]) for r in listed] == [(request["id"], 0)]
    refused = post(staff, f"{URL}/{request['id']}/refuse", {"answer": ""})
    assert refused.status_code == 422 and refused.json()["field"] == "answer"
    approved = post(staff, f"{URL}/{request['id']}/approve", {"answer": "已删除。"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert post(staff, f"{URL}/{request['id']}/approve", {}).status_code == 409
    assert AuditEvent.objects.filter(action="retention.approve_request", outcome="ok").count() == 1
    citizen.refresh_from_db()
    assert not citizen.is_active and citizen.phone == ""


def test_approval_waits_for_open_cases(world: World, citizen: User, submit: Any) -> None:
    submit(citizen)
    request = post(as_(citizen), URL, {"reason": ""}).json()
    staff = as_(world["committee"])
    assert staff.get(URL).json()[0]["open_cases"] == 1
    refused = post(staff, f"{URL}/{request['id']}/approve", {"answer": ""})
    assert refused.status_code == 409
    answered = post(staff, f"{URL}/{request['id']}/refuse", {"answer": "事项仍在办理中。"})
    assert answered.json()["status"] == "refused"
    assert as_(citizen).get(URL).json()[0]["answer"] == "事项仍在办理中。"


@pytest.mark.parametrize("name", ["deputy_a", "staff_a", "handler_x"])
def test_other_roles_are_refused(world: World, citizen: User, name: str) -> None:
    request = DeletionRequest.objects.create(citizen=citizen, filed_at="2026-01-05T10:00+08:00")
    client = as_(world[name])
    assert client.get(URL).status_code == 403
    assert post(client, URL, {"reason": ""}).status_code == 403
    assert post(client, f"{URL}/{request.pk}/approve", {}).status_code == 404
    assert DeletionRequest.objects.get(pk=request.pk).status == "pending"


def test_anonymous_is_refused_and_inputs_are_bounded(world: World, citizen: User) -> None:
    assert Client().get(URL).status_code == 401
    assert post(Client(), URL, {"reason": ""}).status_code == 401
    me = as_(citizen)
    long = post(me, URL, {"reason": "长" * 1001})
    assert long.status_code == 422 and long.json()["field"] == "reason"
    for query in ({"limit": 10**9}, {"offset": -1}, {"status": "deleted"}):
        answer = me.get(URL, query)
        assert answer.status_code == 422 and answer.json()["field"] in query, query
    assert post(me, f"{URL}/{2**60}/approve", {}).status_code == 422
