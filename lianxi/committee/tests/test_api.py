"""The committee API: the same actions, the same scoping, clear refusals."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import World
from lianxi.committee.models import Invitation, Notice


def post(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post("/api/v1" + path, json.dumps(body or {}), content_type="application/json")


def test_notice_lifecycle(world: World, people: Any, fields: Any, login: Any) -> None:
    staff = login(world["committee"])
    created = post(
        staff,
        "/committee/notices",
        {
            "title": "关于开展生态环境保护专题调研的通知",
            "body": "<p>正文<script>x</script></p>",
            "must_confirm": True,
            "audience": {"levels": ["municipal"], "expertise_ids": [fields["环保"].pk]},
        },
    )
    assert created.status_code == 200, created.content
    notice_id = created.json()["id"]
    assert "script" not in created.json()["body"]
    assert post(staff, f"/committee/notices/{notice_id}/publish").json()["status"] == "published"
    detail = staff.get(f"/api/v1/committee/notices/{notice_id}").json()
    assert detail["audience"]["reached"] == 1
    deputy = login(world["deputy_a"])
    assert post(deputy, f"/committee/notices/{notice_id}/confirm").json()["confirmed_at"]
    staff = login(world["committee"])
    receipts = staff.get(f"/api/v1/committee/notices/{notice_id}/receipts").json()
    assert [(r["deputy"], bool(r["confirmed_at"])) for r in receipts] == [("李明华", True)]
    other = login(world["deputy_b"])
    assert other.get(f"/api/v1/committee/notices/{notice_id}").status_code == 404
    assert post(other, f"/committee/notices/{notice_id}/read").status_code == 404
    assert other.get("/api/v1/committee/notices").json() == []


def test_refusals_are_clear(world: World, people: Any, login: Any) -> None:
    staff = login(world["committee"])
    bad = post(
        staff,
        "/committee/notices",
        {"title": "关于开展调研的通知", "body": "<p>x</p>", "audience": {}},
    )
    assert bad.status_code == 422 and bad.json()["field"] == "audience"
    assert Notice.objects.count() == 0
    deputy = login(world["deputy_a"])
    denied = post(
        deputy,
        "/committee/notices",
        {"title": "关于开展调研的通知", "body": "<p>x</p>", "audience": {"everyone": True}},
    )
    assert denied.status_code == 403
    assert login(world["citizen"]).get("/api/v1/committee/inbox").status_code == 404


def test_activity_flow(world: World, people: Any, fields: Any, login: Any) -> None:
    staff = login(world["committee"])
    start = timezone.now() + timedelta(days=7)
    created = post(
        staff,
        "/committee/activities",
        {
            "kind": "legislative",
            "title": "《示范市生态环境保护条例》立法调研",
            "topic": "生态环境保护",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
            "place": "市人大常委会第一会议室",
            "capacity": 1,
            "expertise_ids": [fields["环保"].pk],
        },
    )
    assert created.status_code == 200, created.content
    activity_id = created.json()["id"]
    suggested = staff.get(f"/api/v1/committee/activities/{activity_id}/suggestions").json()
    assert [s["deputy"] for s in suggested] == ["李明华", "赵county"]
    ids = [people["a"].pk, people["b"].pk]
    assert (
        len(
            post(staff, f"/committee/activities/{activity_id}/invite", {"deputy_ids": ids}).json()[
                "invitations"
            ]
        )
        == 2
    )
    inv_a = Invitation.objects.get(deputy=people["a"]).pk
    inv_b = Invitation.objects.get(deputy=people["b"]).pk
    deputy_a = login(world["deputy_a"])
    assert deputy_a.get("/api/v1/committee/inbox").json()["invitations"][0]["id"] == inv_a
    assert (
        post(deputy_a, f"/committee/invitations/{inv_a}/answer", {"accept": True}).json()["status"]
        == "accepted"
    )
    assert (
        post(deputy_a, f"/committee/invitations/{inv_b}/answer", {"accept": True}).status_code
        == 404
    )
    deputy_b = login(world["deputy_b"])
    full = post(deputy_b, f"/committee/invitations/{inv_b}/answer", {"accept": True})
    assert full.status_code == 409
    calendar = login(world["deputy_a"]).get("/api/v1/committee/calendar").json()
    assert [c["kind"] for c in calendar] == ["activity"]


def test_series_and_training_via_api(world: World, people: Any, login: Any) -> None:
    staff = login(world["committee"])
    start = timezone.now() + timedelta(days=3)
    series = post(
        staff,
        "/committee/activities",
        {
            "kind": "symposium",
            "title": "代表季度座谈会",
            "topic": "听取意见建议",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "place": "第二会议室",
            "capacity": 30,
            "recurrence": "quarterly",
            "count": 4,
        },
    )
    assert series.status_code == 200 and len(series.json()["activities"]) == 4
    course = post(
        staff,
        "/committee/courses",
        {
            "kind": "induction",
            "title": "新任代表初任培训",
            "required": True,
            "audience": {"everyone": True},
        },
    )
    course_id = course.json()["id"]
    now = timezone.now()
    session = post(
        staff,
        f"/committee/courses/{course_id}/sessions",
        {
            "title": "代表法解读",
            "starts_at": (now - timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
            "place": "培训中心",
        },
    )
    assert session.status_code == 200, session.content
    token = session.json()["checkin_token"]
    deputy = login(world["deputy_a"])
    assert post(deputy, "/committee/checkin", {"token": token}).json()["method"] == "qr"
    assert (
        post(
            deputy, f"/committee/sessions/{session.json()['id']}/feedback", {"rating": 5}
        ).status_code
        == 200
    )
    assert (
        "checkin_token"
        not in deputy.get(f"/api/v1/committee/courses/{course_id}").json()["sessions"][0]
    )


def test_withdraw_invitation_and_close_course(world: World, people: Any, login: Any) -> None:
    staff = login(world["committee"])
    start = timezone.now() + timedelta(days=7)
    activity = post(
        staff,
        "/committee/activities",
        {
            "kind": "inspection",
            "title": "视察城市防汛排涝工程建设",
            "topic": "城市防汛",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
            "place": "市水务局",
            "capacity": 5,
        },
    ).json()
    post(staff, f"/committee/activities/{activity['id']}/invite", {"deputy_ids": [people["a"].pk]})
    invitation = Invitation.objects.get()
    done = post(
        staff, f"/committee/activities/{activity['id']}/invitations/{invitation.pk}/withdraw"
    )
    assert done.status_code == 200 and done.json()["invitations"] == []
    deputy = login(world["deputy_a"])
    assert (
        post(deputy, f"/committee/invitations/{invitation.pk}/answer", {"accept": True}).status_code
        == 409
    )
    staff = login(world["committee"])
    course = post(
        staff,
        "/committee/courses",
        {"title": "代表履职能力提升培训", "audience": {"everyone": True}},
    ).json()
    assert post(staff, f"/committee/courses/{course['id']}/close").json()["status"] == "closed"
    assert (
        post(login(world["deputy_a"]), f"/committee/courses/{course['id']}/enroll").status_code
        == 404
    )
