from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.topics import tasks

pytestmark = pytest.mark.django_db


def test_similar_api_shows_no_text_of_an_open_case(client: Any, submit: Any) -> None:
    case = submit(
        title="翠湖名苑小区电梯频繁故障",
        content="翠湖名苑小区的电梯坏了好几次，老人被困。我叫欧阳守恒，电话13987654321。",
    )
    tasks.index_new_cases()
    response = client.get(
        "/api/v1/topics/similar",
        {"title": "翠湖名苑小区电梯又坏了", "content": "翠湖名苑小区电梯坏了好几次，老人被困"},
    )
    assert response.status_code == 200
    found = response.json()
    assert found["published"] == [] and found["handled"] == 1 and found["place"] == ""
    assert found["follow_url"].startswith("/topics/follow/")
    body = response.content.decode()
    assert "case_id" not in body and "WzFd" not in found["follow_url"]  # no readable ids
    for secret in ("欧阳", case.tracking_number, "青石社区", "2027-"):
        assert secret not in body


def test_similar_api_lists_published_cases_and_counts_in_a_community(
    client: Any, world: World, submit: Any
) -> None:
    from lianxi.cases.models import Case

    text = {"title": "翠湖名苑小区电梯又坏了", "content": "翠湖名苑小区电梯坏了好几次，老人被困"}
    done = submit(
        title="翠湖名苑小区电梯频繁故障", content="翠湖名苑小区电梯坏了好几次，老人被困。"
    )
    submit(title="翠湖名苑小区电梯又困人", content="翠湖名苑小区电梯坏了好几次，老人被困住。")
    Case.objects.filter(pk=done.pk).update(
        status="closed", is_published=True, consent_to_publish=True
    )
    tasks.index_new_cases()
    found = client.get("/api/v1/topics/similar", text).json()
    assert [m["tracking_number"] for m in found["published"]] == [done.tracking_number]
    assert found["handled"] == 1
    here = client.get("/api/v1/topics/similar", text | {"community": world.community1.pk}).json()
    assert here["handled"] == 1 and here["place"] == "青石社区"
    there = client.get("/api/v1/topics/similar", text | {"community": world.community2.pk}).json()
    assert there["handled"] == 0 and there["follow_url"] == ""
    wrong = client.get("/api/v1/topics/similar", text | {"community": world.district1.pk})
    assert wrong.status_code == 422 and wrong.json()["field"] == "community"


def test_hot_issues_api_needs_committee(client: Any, login: Any, world: World, submit: Any) -> None:
    for n in range(3):
        submit(
            title=f"翠湖名苑小区电梯频繁故障{n}", content="翠湖名苑小区的电梯坏了好几次，老人被困。"
        )
    tasks.regroup()
    assert client.get("/api/v1/topics/hot-issues").status_code == 401
    login(world.users["citizen"])
    assert client.get("/api/v1/topics/hot-issues").json() == []
    login(world.users["committee"])
    rows = client.get("/api/v1/topics/hot-issues").json()
    assert len(rows) == 1 and rows[0]["size"] == 3 and "翠湖名苑" in rows[0]["label"]
