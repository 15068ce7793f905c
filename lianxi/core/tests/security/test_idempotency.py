"""quality.md test 24, against a live server (real HTTP, a thread per request, the suite's
database: SQLite or PostgreSQL): the same Idempotency-Key sent 10 times one after another and
20 times at once makes exactly one case and one answer; a retry while the first is still
running waits for it or gets 409; a changed body 422; no key 400."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any
from unittest import mock

import pytest
import requests

from conftest import World
from lianxi.cases import actions
from lianxi.cases.models import Case, IdempotencyKey

pytestmark = pytest.mark.django_db(transaction=True)

BODY = {
    "kind": "complaint",
    "title": "小区电梯长期故障",
    "content": "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。",
    "contact_phone": "13612345678",
}
ROUNDS = 3  # of 20 concurrent sends, each with its own key


def send(url: str, key: str | None, body: dict[str, Any] | None = None) -> requests.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return requests.post(url + "/api/v1/cases", json=body or BODY, headers=headers, timeout=60)


def test_ten_retries_one_after_another_make_one_case(live_server: Any, world: World) -> None:
    key = uuid.uuid4().hex
    answers = [send(live_server.url, key) for _ in range(10)]
    assert [a.status_code for a in answers] == [201] * 10
    assert len({a.content for a in answers}) == 1  # identical answers
    assert [a.headers.get("Idempotent-Replayed") for a in answers] == [None] + ["true"] * 9
    assert Case.objects.count() == 1


def _at_once(url: str, key: str, sends: int) -> list[requests.Response]:
    start = threading.Barrier(sends)
    answers: list[requests.Response] = []
    lock = threading.Lock()

    def go() -> None:
        start.wait()
        answer = send(url, key)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=go) for _ in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_twenty_at_once_make_one_case(live_server: Any, world: World) -> None:
    for round_ in range(ROUNDS):
        key = uuid.uuid4().hex
        answers = _at_once(live_server.url, key, 20)
        assert len(answers) == 20
        statuses = [a.status_code for a in answers]
        assert set(statuses) <= {201, 409}, [a.content for a in answers]
        created = {a.content for a in answers if a.status_code == 201}
        assert len(created) == 1, created  # every 201 is the one answer
        assert send(live_server.url, key).content in created  # and a later retry too
        assert Case.objects.count() == round_ + 1
        print(
            f"20 at once, round {round_}: {statuses.count(201)} × 201, {statuses.count(409)} × 409"
        )


def test_a_retry_while_the_first_is_running(live_server: Any, world: World) -> None:
    """The first request is slowed inside its transaction; the retry sent meanwhile waits
    for it (the key's row is locked) and replays its answer, or answers 409: never a second
    case."""
    original = actions._insert_case
    entered = threading.Event()

    def slow_insert(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        time.sleep(1.0)
        return original(*args, **kwargs)

    key = uuid.uuid4().hex
    first: list[requests.Response] = []
    with mock.patch.object(actions, "_insert_case", slow_insert):
        thread = threading.Thread(target=lambda: first.append(send(live_server.url, key)))
        thread.start()
        assert entered.wait(30)
        retry = send(live_server.url, key)
        thread.join()
    assert first[0].status_code == 201
    assert retry.status_code in {201, 409}
    if retry.status_code == 201:
        assert retry.content == first[0].content
    assert Case.objects.count() == 1


def test_a_key_whose_first_request_has_no_answer_yet_is_409(live_server: Any, world: World) -> None:
    key = uuid.uuid4().hex
    first = send(live_server.url, key)
    assert first.status_code == 201
    # The state a retry sees while the first is running: the key claimed, no answer stored.
    IdempotencyKey.objects.filter(key=key).update(response=None)
    busy = send(live_server.url, key)
    assert busy.status_code == 409
    assert set(busy.json()) == {"detail", "field"}
    assert Case.objects.count() == 1


def test_changed_body_is_422_and_no_key_is_400(live_server: Any, world: World) -> None:
    key = uuid.uuid4().hex
    assert send(live_server.url, key).status_code == 201
    changed = send(live_server.url, key, BODY | {"title": "另一件事情的标题"})
    assert changed.status_code == 422 and set(changed.json()) == {"detail", "field"}
    missing = send(live_server.url, None)
    assert missing.status_code == 400 and missing.json()["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1
