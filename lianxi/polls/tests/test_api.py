"""The poll operations of the API."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.polls import actions, tasks
from lianxi.polls.models import Poll, Response
from lianxi.polls.tests.conftest import build, full, ids

pytestmark = pytest.mark.django_db


def test_read_polls_and_questions(client: Any, world: World, open_poll: Poll, draft: Any) -> None:
    listed = client.get("/api/v1/polls").json()
    assert [p["id"] for p in listed] == [open_poll.pk]
    detail = client.get(f"/api/v1/polls/{open_poll.pk}").json()
    assert detail["questions"][0]["branches"] == [{"answer": 1, "goto": 3}]
    other = build(world)
    assert client.get(f"/api/v1/polls/{other.pk}").status_code == 404


def test_answer_through_the_api(client: Any, login: Any, world: World, open_poll: Poll) -> None:
    url = f"/api/v1/polls/{open_poll.pk}/answer"
    assert client.post(url, full(open_poll), content_type="application/json").status_code == 401
    login(world["citizen"])
    q = ids(open_poll)
    bad = client.post(url, {"answers": {q[0]: 0}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == f"q{q[1]}"
    made = client.post(url, {"answers": full(open_poll)}, content_type="application/json")
    assert made.status_code == 200 and made.json()["changes"] == 0
    again = client.post(url, {"answers": full(open_poll)}, content_type="application/json")
    assert again.json()["changes"] == 1 and Response.objects.count() == 1
    assert client.get(url).json()["answers"][q[0]] == 0
    tasks.refresh_if_stale(open_poll.pk)
    results = client.get(f"/api/v1/polls/{open_poll.pk}/results").json()
    assert results["responses"] == 1 and results["data"]["questions"][0]["counts"] == [1, 0]


def test_staff_steps(client: Any, login: Any, world: World, draft: Poll) -> None:
    login(world["committee"])
    opened = client.post(f"/api/v1/polls/{draft.pk}/publish")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert client.post(f"/api/v1/polls/{draft.pk}/publish").status_code == 409
    login(world["deputy_b"])
    assert client.post(f"/api/v1/polls/{draft.pk}/close").status_code == 403
    login(world["citizen"])
    private = actions.publish(world["committee"], build(world, results_public=False))
    assert client.get(f"/api/v1/polls/{private.pk}/results").status_code == 404
