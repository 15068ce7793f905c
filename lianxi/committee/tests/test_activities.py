"""Activities: invitations, answers, capacity, attendance, reminders once, minutes, series."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from lianxi.committee import actions, tasks
from lianxi.committee.actions import ActivityInput
from lianxi.committee.models import Activity, Invitation
from lianxi.committee.tests.conftest import deputy_user
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage


def test_invite_and_answer(world: World, people: Any, make_activity: Any) -> None:
    activity = make_activity()
    assert (
        actions.invite(
            world["committee"], activity=activity, deputy_ids=[people["a"].pk, people["b"].pk]
        )
        == 2
    )
    assert actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk]) == 0
    inv_a = Invitation.objects.get(activity=activity, deputy=people["a"])
    inv_b = Invitation.objects.get(activity=activity, deputy=people["b"])
    assert (
        actions.answer_invitation(world["deputy_a"], invitation=inv_a, accept=True).status
        == "accepted"
    )
    with pytest.raises(InvalidInput) as exc:
        actions.answer_invitation(world["deputy_b"], invitation=inv_b, accept=False)
    assert exc.value.field == "reason"
    declined = actions.answer_invitation(
        world["deputy_b"], invitation=inv_b, accept=False, reason="当天参加省人大会议"
    )
    assert declined.status == "declined" and declined.reason == "当天参加省人大会议"
    with pytest.raises(NotAllowed):
        actions.answer_invitation(world["deputy_a"], invitation=inv_b, accept=True)
    # the deputy may change their mind before the start
    assert (
        actions.answer_invitation(world["deputy_b"], invitation=inv_b, accept=True).status
        == "accepted"
    )


def test_capacity_is_enforced(world: World, people: Any, make_activity: Any) -> None:
    activity = make_activity(capacity=1)
    deputy_user(people["plain"], "deputy_plain")
    actions.invite(
        world["committee"], activity=activity, deputy_ids=[people["a"].pk, people["plain"].pk]
    )
    first = Invitation.objects.get(activity=activity, deputy=people["a"])
    second = Invitation.objects.get(activity=activity, deputy=people["plain"])
    actions.answer_invitation(world["deputy_a"], invitation=first, accept=True)
    with pytest.raises(IllegalTransition):
        actions.answer_invitation(people["plain"].user, invitation=second, accept=True)
    second.refresh_from_db()
    assert second.status == "invited"
    # accepting again (already accepted) does not count twice
    actions.answer_invitation(world["deputy_a"], invitation=first, accept=True)
    # a place freed by declining can be taken
    actions.answer_invitation(world["deputy_a"], invitation=first, accept=False, reason="临时出差")
    actions.answer_invitation(people["plain"].user, invitation=second, accept=True)


def test_no_answers_after_start_or_when_cancelled(
    world: World, people: Any, make_activity: Any
) -> None:
    activity = make_activity()
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    invitation = Invitation.objects.get(activity=activity)
    actions.cancel_activity(world["committee"], activity=activity)
    with pytest.raises(IllegalTransition):
        actions.answer_invitation(world["deputy_a"], invitation=invitation, accept=True)
    past = make_activity(starts_at=timezone.now() - timedelta(hours=1))
    actions.invite(world["committee"], activity=past, deputy_ids=[people["a"].pk])
    with pytest.raises(IllegalTransition):
        actions.answer_invitation(
            world["deputy_a"], invitation=Invitation.objects.get(activity=past), accept=True
        )


def test_attendance_minutes_contributions_outcomes(
    world: World, people: Any, make_activity: Any
) -> None:
    activity = make_activity(starts_at=timezone.now() + timedelta(days=2))
    actions.invite(
        world["committee"], activity=activity, deputy_ids=[people["a"].pk, people["b"].pk]
    )
    for inv in Invitation.objects.filter(activity=activity):
        actions.answer_invitation(inv.deputy.user, invitation=inv, accept=True)
    with pytest.raises(IllegalTransition):  # too early
        actions.mark_activity_attendance(
            world["committee"], activity=activity, present_ids=[people["a"].pk]
        )
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    activity.refresh_from_db()
    with pytest.raises(InvalidInput):
        actions.mark_activity_attendance(
            world["committee"], activity=activity, present_ids=[people["plain"].pk]
        )
    actions.mark_activity_attendance(
        world["committee"], activity=activity, present_ids=[people["a"].pk]
    )
    marks = dict(Invitation.objects.filter(activity=activity).values_list("deputy_id", "attended"))
    assert marks == {people["a"].pk: True, people["b"].pk: False}
    actions.add_contribution(
        world["committee"],
        activity=activity,
        deputy=people["a"],
        kind="speech",
        text="建议加大执法力度，完善公众参与机制。",
    )
    actions.add_contribution(
        world["deputy_b"],
        activity=activity,
        deputy=people["b"],
        kind="written",
        text="书面意见：建议增加生态补偿条款。",
    )
    with pytest.raises(NotAllowed):
        actions.add_contribution(
            world["deputy_b"],
            activity=activity,
            deputy=people["a"],
            kind="written",
            text="替别人提交的意见内容",
        )
    with pytest.raises(InvalidInput):
        actions.add_contribution(
            world["committee"],
            activity=activity,
            deputy=people["plain"],
            kind="speech",
            text="未受邀代表的发言内容",
        )
    done = actions.record_minutes(
        world["committee"],
        activity=activity,
        minutes="会议听取了市生态环境局的情况汇报，代表们踊跃发言。",
    )
    assert done.status == "done"
    with pytest.raises(InvalidInput):
        actions.add_outcome(
            world["committee"], activity=activity, text="形成调研报告", case_id=999999
        )
    actions.add_outcome(world["committee"], activity=activity, text="形成调研报告一份")
    assert activity.contributions.count() == 2 and activity.outcomes.count() == 1


def test_reminders_once_even_when_the_job_runs_twice(
    world: World, people: Any, make_activity: Any
) -> None:
    soon = make_activity(starts_at=timezone.now() + timedelta(days=2))
    later = make_activity(starts_at=timezone.now() + timedelta(days=20))
    for activity in (soon, later):
        actions.invite(
            world["committee"], activity=activity, deputy_ids=[people["a"].pk, people["b"].pk]
        )
    inv = Invitation.objects.get(activity=soon, deputy=people["b"])
    actions.answer_invitation(world["deputy_b"], invitation=inv, accept=False, reason="出差")
    before = OutboxMessage.objects.filter(channel="inapp").count()
    assert tasks.remind_invitations() == 1  # a on the soon one; b declined; later too far
    assert tasks.remind_invitations() == 0
    assert OutboxMessage.objects.filter(channel="inapp").count() == before + 1


def test_series_schedules_quarterly_activities(world: World, people: Any) -> None:
    start = timezone.now() + timedelta(days=5)
    data = ActivityInput(
        kind="symposium",
        title="代表季度座谈会",
        topic="听取代表对常委会工作的意见建议",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="市人大常委会第二会议室",
        capacity=30,
    )
    series = actions.create_series(world["committee"], data=data, recurrence="quarterly", count=4)
    starts = [timezone.localtime(a.starts_at) for a in series.activities.order_by("starts_at")]
    assert len(starts) == 4
    months = [(s.year * 12 + s.month) for s in starts]
    assert [b - a for a, b in itertools.pairwise(months)] == [3, 3, 3]
    with pytest.raises(InvalidInput):
        actions.create_series(world["committee"], data=data, recurrence="weekly", count=4)


def test_scoping_of_activities(world: World, people: Any, make_activity: Any) -> None:
    activity = make_activity()
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    assert Activity.objects.visible_to(world["deputy_a"]).filter(pk=activity.pk).exists()
    assert not Activity.objects.visible_to(world["deputy_b"]).exists()
    assert not Activity.objects.visible_to(world["committee_d1"]).exists()
    assert not Activity.objects.visible_to(world["staff_a"]).exists()
    with pytest.raises(NotAllowed):
        actions.invite(world["committee_d1"], activity=activity, deputy_ids=[people["b"].pk])


def test_edit_tells_invited_deputies_of_a_new_time_or_place(
    world: World, people: Any, make_activity: Any, login: Any
) -> None:
    """Editing the title tells nobody; moving the activity tells the invited and accepted
    deputies once; a declined deputy hears nothing; the edit page shows the values and
    refuses bad input with nothing changed."""
    from dataclasses import replace

    activity = make_activity()
    actions.invite(
        world["committee"], activity=activity, deputy_ids=[people["a"].pk, people["b"].pk]
    )
    inv_b = Invitation.objects.get(activity=activity, deputy=people["b"])
    actions.answer_invitation(world["deputy_b"], invitation=inv_b, accept=False, reason="出差")
    base = ActivityInput(
        kind=activity.kind,
        title="《示范市生态环境保护条例（修订草案）》立法调研",
        topic=activity.topic,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        capacity=activity.capacity,
    )
    moved = OutboxMessage.objects.filter(
        channel="inapp", dedupe_key__contains=f"activity:{activity.pk}:moved"
    )
    actions.save_activity(world["committee"], data=base, activity=activity)
    assert moved.count() == 0
    later = replace(
        base, starts_at=base.starts_at + timedelta(days=1), ends_at=base.ends_at + timedelta(days=1)
    )
    actions.save_activity(world["committee"], data=later, activity=activity)
    actions.save_activity(world["committee"], data=later, activity=activity)
    assert [m.user_id for m in moved] == [world["deputy_a"].pk]
    assert "市人大常委会第一会议室" in moved.get().body

    client = login(world["committee"])
    url = f"/work/committee/activities/{activity.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and "修订草案".encode() in page.content
    assert b'name="recurrence"' not in page.content
    bad = client.post(url, {"kind": activity.kind, "title": "短", "topic": "x"})
    assert bad.status_code == 400
    activity.refresh_from_db()
    assert activity.title.endswith("立法调研") and "修订草案" in activity.title
    assert login(world["deputy_a"]).get(url).status_code in (403, 404)
