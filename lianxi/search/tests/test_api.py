"""The search API: the same search, the same visibility, validated parameters."""

from __future__ import annotations

from typing import Any

from conftest import CANARY_NAME, CANARY_PHONE, World


def test_public_api(world: World, published: Any, submit: Any, client: Any) -> None:
    case = published()
    submit(title="路灯不亮影响出行", consent_to_publish=True)
    answer = client.get("/api/v1/search/public", {"q": "路灯", "sort": "date"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["total"] == 1 and not data["capped"]
    item = data["items"][0]
    assert item["tracking_number"] == case.tracking_number and item["status"] is None
    assert "<mark>路灯</mark>" in item["title_html"]
    assert CANARY_PHONE not in answer.content.decode()
    assert CANARY_NAME not in answer.content.decode()
    missing = client.get("/api/v1/search/public", {"q": "路灯", "category": 999999})
    assert missing.status_code == 422 and missing.json()["field"] == "category"
    assert client.get("/api/v1/search/public").status_code == 422  # q is required


def test_staff_api(world: World, submit: Any, client: Any, login: Any) -> None:
    mine = submit(title="小区电梯长期故障", community=world.community1)
    submit(title="电梯噪音扰民", community=world.community2)
    assert client.get("/api/v1/search", {"q": "电梯"}).status_code == 401
    c = login(world["deputy_a"])
    data = c.get("/api/v1/search", {"q": "电梯", "kind": "case"}).json()
    assert [i["id"] for i in data["items"]] == [mine.pk]
    assert data["items"][0]["status"] == "submitted"
    assert c.get("/api/v1/search", {"q": "电梯", "kind": "nope"}).json()["field"] == "kind"
    assert c.get("/api/v1/search", {"q": "电梯", "deputy": 999999}).status_code == 422
    dates = {"q": "电梯", "start": "2026-05-01", "end": "2026-04-01"}
    assert c.get("/api/v1/search", dates).json()["field"] == "end"
    assert login(world["citizen"]).get("/api/v1/search", {"q": "电梯"}).status_code == 403


def test_staff_api_filters(world: World, submit: Any, login: Any) -> None:
    a = submit(title="小区电梯长期故障", community=world.community1)
    b = submit(title="电梯噪音扰民", community=world.community2)
    c = login(world["admin"])

    def ids(**params: Any) -> list[int]:
        answer = c.get("/api/v1/search", {"q": "电梯", **params})
        assert answer.status_code == 200, answer.content
        return [i["id"] for i in answer.json()["items"]]

    assert sorted(ids()) == sorted([a.pk, b.pk])
    assert ids(area=world.district2.pk) == [b.pk]
    assert ids(deputy=world.deputy_a.pk) == [a.pk]
    assert ids(status="closed") == []
