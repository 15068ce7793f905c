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
    rows = response.json()
    assert [r["case_id"] for r in rows] == [case.pk]
    assert rows[0]["title"] == "" and rows[0]["tracking_number"] == ""
    assert "欧阳" not in response.content.decode()


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
