"""Capacity holds when deputies accept at the same moment."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from conftest import World
from lianxi.committee import actions
from lianxi.committee.models import Invitation
from lianxi.committee.tests.conftest import deputy_user
from lianxi.core.errors import IllegalTransition
from lianxi.directory.tests import factories as f


@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_never_exceed_capacity(
    world: World, people: Any, make_activity: Any
) -> None:
    deputies = [f.deputy(f"并发代表{i}", world.district1) for i in range(6)]
    users = [deputy_user(d, f"race{i}") for i, d in enumerate(deputies)]
    activity = make_activity(capacity=2)
    actions.invite(world["committee"], activity=activity, deputy_ids=[d.pk for d in deputies])
    invitations = {i.deputy_id: i for i in Invitation.objects.filter(activity=activity)}
    start = threading.Barrier(len(users))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(user: Any, deputy_id: int) -> None:
        try:
            start.wait()
            try:
                actions.answer_invitation(user, invitation=invitations[deputy_id], accept=True)
                result = "ok"
            except IllegalTransition:
                result = "full"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(u, d.pk))
        for u, d in zip(users, deputies, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["full"] * 4 + ["ok"] * 2
    assert Invitation.objects.filter(activity=activity, status="accepted").count() == 2
