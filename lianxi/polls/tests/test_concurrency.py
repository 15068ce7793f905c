"""One answer per person holds when the same person's answers arrive at the same moment
(PostgreSQL: real concurrent transactions; SQLite admits one writer at a time anyway)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from conftest import World
from lianxi.polls import actions
from lianxi.polls.models import Response
from lianxi.polls.tests.conftest import build, citizen, full

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _race(poll: Any, users: list[Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def run(user: Any) -> None:
        try:
            barrier.wait()
            actions.answer(user, poll, actions.Submission(answers=full(poll)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
def test_one_answer_per_person_under_concurrent_submissions(world: World) -> None:
    poll = actions.publish(world["committee"], build(world))
    same = world["citizen"]
    errors = _race(poll, [same] * THREADS)
    assert not errors, errors
    mine = Response.objects.filter(poll=poll, person_key=f"u{same.pk}")
    assert mine.count() == 1
    assert mine.get().changes == THREADS - 1  # every later submission changed the one answer
    others = [citizen(n) for n in range(THREADS)]
    assert not _race(poll, others)
    assert Response.objects.filter(poll=poll).count() == THREADS + 1
