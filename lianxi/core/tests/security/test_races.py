"""quality.md test 25: 50 parallel attempts at one effect on one object (a citizen's rating, a
follow, a deputy signing for a notice) make exactly one row, and a UNIQUE constraint in the
database, not only the code, is what holds it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from conftest import World, make_user
from lianxi.cases import actions as cases
from lianxi.cases.models import Case, Rating
from lianxi.committee import actions as committee
from lianxi.committee.actions import AudienceSpec
from lianxi.committee.models import NoticeRead
from lianxi.committee.tests.conftest import fields, make_notice, people  # noqa: F401
from lianxi.core.errors import ActionError
from lianxi.topics import actions as topics
from lianxi.topics.models import Follow

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 50


def race(attempt: Callable[[], Any]) -> dict[str, int]:
    """`attempt` run by PARALLEL threads released at once; how each ended (the action's
    refusal class name, "ok", or the unexpected exception's class name)."""
    start = threading.Barrier(PARALLEL)
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            try:
                attempt()
                result = "ok"
            except ActionError as exc:
                result = type(exc).__name__
            except Exception as exc:
                result = "error:" + type(exc).__name__
            with lock:
                outcomes[result] = outcomes.get(result, 0) + 1
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(outcomes.values()) == PARALLEL
    assert not [k for k in outcomes if k.startswith("error:")], outcomes
    return outcomes


def unique(model: Any, names: set[str]) -> bool:
    """True when the database itself has a UNIQUE index over exactly the fields `names`."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    columns = {model._meta.get_field(name).column for name in names}
    return any(c["unique"] and set(c["columns"]) == columns for c in found.values())


def replied_case(world: World, submit: Any) -> Case:
    case = submit(world["citizen"], title="楼下路灯不亮")
    case = cases.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    return cases.reply_to_case(
        world["deputy_a"], case=case, text="已联系街道维修路灯，今晚恢复照明，请您查看。"
    )


def test_fifty_parallel_ratings_make_one(world: World, submit: Any) -> None:
    case = replied_case(world, submit)

    def rate() -> None:
        fresh = Case.objects.get(pk=case.pk)
        cases.rate_case(world["citizen"], case=fresh, deputy_rating="satisfied")

    outcomes = race(rate)
    assert outcomes.get("ok") == 1, outcomes
    assert Rating.objects.filter(case=case).count() == 1
    assert unique(Rating, {"case", "round"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(case=case, round=0, deputy_rating="satisfied")


def test_fifty_parallel_follows_make_one(world: World, submit: Any) -> None:
    case = submit(title="小区门口积水严重")
    follower = make_user("follower", "citizen", phone="13755550000")
    outcomes = race(lambda: topics.follow_case(follower, case=Case.objects.get(pk=case.pk)))
    assert outcomes == {"ok": PARALLEL}  # following twice is harmless: the first one stands
    assert Follow.objects.filter(case=case, user=follower).count() == 1
    assert unique(Follow, {"case", "user"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(case=case, user=follower)


def test_fifty_parallel_sign_fors_make_one_receipt(
    world: World,
    people: Any,  # noqa: F811
    make_notice: Any,  # noqa: F811
) -> None:
    notice = make_notice(AudienceSpec(everyone=True))
    outcomes = race(lambda: committee.confirm_notice(world["deputy_a"], notice=notice))
    assert outcomes == {"ok": PARALLEL}  # signing for it again is harmless
    [receipt] = NoticeRead.objects.filter(notice=notice)
    assert receipt.confirmed_at is not None
    assert unique(NoticeRead, {"notice", "deputy"})
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeRead.objects.create(notice=notice, deputy=receipt.deputy, read_at=receipt.read_at)
