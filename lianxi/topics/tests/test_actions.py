"""Following, telling followers, merging, and the jobs' idempotence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from conftest import World
from lianxi.cases import actions as case_actions
from lianxi.cases.models import Case
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.topics import actions, tasks
from lianxi.topics.models import CaseTerms, Follow, FollowVia, HotIssue, HotIssueRun
from lianxi.topics.tests.gen import make

pytestmark = pytest.mark.django_db


def follower(world: World, phone: str = "13755550000") -> Any:
    from conftest import make_user

    return make_user(f"f{phone}", "citizen", phone=phone)


def test_citizen_follows_once(world: World, submit: Any) -> None:
    case = submit()
    user = follower(world)
    first = actions.follow_case(user, case=case)
    again = actions.follow_case(user, case=case)
    assert first.pk == again.pk and Follow.objects.count() == 1


def test_only_citizens_follow_and_not_their_own(world: World, submit: Any) -> None:
    case = submit(world.users["citizen"])
    with pytest.raises(NotAllowed):
        actions.follow_case(world.users["committee"], case=case)
    with pytest.raises(InvalidInput):
        actions.follow_case(world.users["citizen"], case=case)


def test_closed_unpublished_case_cannot_be_followed(world: World, submit: Any) -> None:
    case = submit()
    Case.objects.filter(pk=case.pk).update(status="closed")
    with pytest.raises(IllegalTransition):
        actions.follow_case(follower(world), case=Case.objects.get(pk=case.pk))


def test_followers_hear_public_steps_without_their_text(world: World, submit: Any) -> None:
    case = submit()
    user = follower(world)
    actions.follow_case(user, case=case)
    case_actions.accept_case(
        world.users["committee"], case=case, deputy=world.deputy_a, note="张三说的那栋楼"
    )
    messages = OutboxMessage.objects.filter(channel="inapp", user=user)
    assert messages.count() == 1
    body = messages.get().body
    assert "张三" not in body and case.title not in body
    assert "青石社区" in body
    # Idempotent: the same step told again queues nothing new.
    from lianxi.core.events import Announcement
    from lianxi.notifications.subscribers import tell

    with transaction.atomic():
        tell(Announcement("cases.accept", Case.objects.get(pk=case.pk), None, {"public": True}))
    assert OutboxMessage.objects.filter(channel="inapp", user=user).count() == 1


def test_phone_follower_gets_sms(world: World, submit: Any) -> None:
    case = submit()
    user = follower(world, "13755551234")
    actions.follow_case(user, case=case, via=FollowVia.PHONE)
    case_actions.accept_case(world.users["committee"], case=case, deputy=world.deputy_a)
    sms = [m for m in OutboxMessage.objects.filter(channel="sms") if m.recipient == "13755551234"]
    assert len(sms) == 1 and sms[0].dedupe_key.startswith("follow:")


def test_merge_moves_followers_and_keeps_the_merged_citizen_informed(
    world: World, submit: Any
) -> None:
    target = submit(title="青石社区3栋电梯长期故障", contact_phone="13600000001")
    dup = submit(world.users["citizen"], title="青石社区3栋电梯又坏了")
    fan = follower(world)
    actions.follow_case(fan, case=dup)
    case_actions.merge_case(world.users["committee"], case=dup, into=target)
    assert Follow.objects.filter(case=target, user=fan).exists()
    assert Follow.objects.filter(
        case=target, user=world.users["citizen"], via=FollowVia.MERGED
    ).exists()
    assert not Follow.objects.filter(case=dup).exists()
    assert OutboxMessage.objects.filter(channel="inapp", user=fan, kind="cases.merge").exists()
    # Both now hear of the target's next public step.
    target.refresh_from_db()
    case_actions.accept_case(world.users["committee"], case=target, deputy=world.deputy_a)
    assert (
        OutboxMessage.objects.filter(channel="inapp", user=world.users["citizen"])
        .filter(dedupe_key__startswith="follow:")
        .exists()
    )
    assert OutboxMessage.objects.filter(channel="inapp", user=fan, kind="cases.accept").exists()


def test_index_job_is_idempotent(world: World, submit: Any) -> None:
    submit()
    submit(title="松林社区路灯不亮")
    assert tasks.index_new_cases() == 2
    assert tasks.index_new_cases() == 0
    assert CaseTerms.objects.count() == 2


def _generated_cases(world: World, submit: Any) -> tuple[list[Case], list[int]]:
    texts, labels = make(seed=11, groups=4, per_group=5, singles=25)
    cases = [submit(title=t[:80], content=c) for t, c in texts]
    return cases, labels


def test_hot_issues_find_the_known_groups_and_rerun_identically(world: World, submit: Any) -> None:
    cases, labels = _generated_cases(world, submit)
    tasks.regroup()
    first = [
        (i.label, i.size, sorted(i.cases.values_list("pk", flat=True)))
        for i in HotIssue.objects.all()
    ]
    tasks.regroup()
    second = [
        (i.label, i.size, sorted(i.cases.values_list("pk", flat=True)))
        for i in HotIssue.objects.all()
    ]
    assert first == second
    assert HotIssueRun.objects.count() == 2
    by_pk = {c.pk: labels[n] for n, c in enumerate(cases)}
    groups = [members for _l, _s, members in first]
    for label in range(4):
        truth = {c.pk for n, c in enumerate(cases) if labels[n] == label}
        best = max(groups, key=lambda g: len(truth & set(g)))
        assert set(best) == truth, (label, [by_pk[pk] for pk in best])
    top = HotIssue.objects.first()
    assert top is not None and top.trend and top.area_id == world.community1.pk


def test_hot_issue_window_leaves_old_cases_out(world: World, submit: Any) -> None:
    cases, _labels = _generated_cases(world, submit)
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        submitted_at=timezone.now() - timedelta(days=60)
    )
    tasks.regroup()
    assert HotIssue.objects.count() == 0
    assert HotIssueRun.objects.get().cases == 0


def test_followers_raise_a_group_score(world: World, submit: Any) -> None:
    cases, labels = _generated_cases(world, submit)
    tasks.regroup()
    quiet = HotIssue.objects.get(cases=cases[labels.index(3)])
    for n in range(4):
        actions.follow_case(follower(world, f"1375555100{n}"), case=cases[labels.index(3)])
    tasks.regroup()
    loud = HotIssue.objects.get(cases=cases[labels.index(3)])
    assert loud.followers == 4 and loud.score > quiet.score
