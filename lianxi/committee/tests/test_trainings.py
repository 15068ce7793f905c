"""Trainings: enrolment, QR check-in, staff attendance, completion, feedback, records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.committee import actions, tasks
from lianxi.committee.actions import AudienceSpec, CourseInput, SessionInput
from lianxi.committee.models import Enrollment, SessionAttendance, TrainingSession
from lianxi.committee.records import trainings_completed
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage


def make_course(world: World, fields: Any, *, required: bool = False) -> Any:
    data = CourseInput(
        kind="thematic",
        title="财政预算审查监督专题培训",
        required=required,
        audience=AudienceSpec(expertise_ids=[fields["环保"].pk]),
    )
    return actions.save_course(world["committee"], data=data)


def add_session(world: World, course: Any, start: Any) -> TrainingSession:
    return actions.add_session(
        world["committee"],
        course=course,
        data=SessionInput(
            title="预算草案初步审查要点",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="市人大常委会培训中心",
        ),
    )


def test_enrol_and_scoping(world: World, people: Any, fields: Any) -> None:
    course = make_course(world, fields)
    enrollment = actions.enroll(world["deputy_a"], course=course)
    assert actions.enroll(world["deputy_a"], course=course).pk == enrollment.pk
    with pytest.raises(NotAllowed):
        actions.enroll(world["deputy_b"], course=course)  # not in the audience


# Mid-year: the later session (in three days) must fall in the same year.
@freeze_time("2026-06-10 10:00:00+08:00", tick=True)
def test_qr_check_in_window_and_completion(world: World, people: Any, fields: Any) -> None:
    course = make_course(world, fields, required=True)
    now = timezone.now()
    live = add_session(world, course, now - timedelta(minutes=30))
    later = add_session(world, course, now + timedelta(days=3))
    with pytest.raises(IllegalTransition):
        actions.check_in(world["deputy_a"], token=later.checkin_token)
    with pytest.raises(NotAllowed):
        actions.check_in(world["deputy_b"], token=live.checkin_token)
    with pytest.raises(NotAllowed):
        actions.check_in(world["deputy_a"], token="nonsense")
    record = actions.check_in(world["deputy_a"], token=live.checkin_token)
    assert record.method == "qr"
    assert actions.check_in(world["deputy_a"], token=live.checkin_token).pk == record.pk
    enrollment = Enrollment.objects.get(course=course, deputy=people["a"])
    assert enrollment.completed_at is None  # one of two sessions
    actions.mark_session_attendance(world["committee"], session=later, present_ids=[people["a"].pk])
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert trainings_completed(people["a"].pk, timezone.localdate().year) == 2
    assert trainings_completed(people["a"].pk, timezone.localdate().year - 1) == 0
    assert trainings_completed(people["b"].pk, timezone.localdate().year) == 0


def test_staff_attendance_keeps_qr_and_rejects_outsiders(
    world: World, people: Any, fields: Any
) -> None:
    course = make_course(world, fields, required=True)
    session = add_session(world, course, timezone.now() - timedelta(minutes=10))
    actions.check_in(world["deputy_a"], token=session.checkin_token)
    with pytest.raises(InvalidInput):
        actions.mark_session_attendance(
            world["committee"], session=session, present_ids=[people["b"].pk]
        )
    actions.mark_session_attendance(
        world["committee"], session=session, present_ids=[people["county"].pk]
    )
    methods = dict(
        SessionAttendance.objects.filter(session=session).values_list("deputy_id", "method")
    )
    assert methods == {people["a"].pk: "qr", people["county"].pk: "staff"}
    actions.mark_session_attendance(world["committee"], session=session, present_ids=[])
    assert set(
        SessionAttendance.objects.filter(session=session).values_list("deputy_id", flat=True)
    ) == {people["a"].pk}


def test_feedback_only_after_attending(world: World, people: Any, fields: Any) -> None:
    course = make_course(world, fields, required=True)
    session = add_session(world, course, timezone.now() - timedelta(minutes=10))
    with pytest.raises(NotAllowed):
        actions.give_feedback(world["deputy_a"], session=session, rating=5)
    actions.check_in(world["deputy_a"], token=session.checkin_token)
    with pytest.raises(InvalidInput):
        actions.give_feedback(world["deputy_a"], session=session, rating=9)
    record = actions.give_feedback(
        world["deputy_a"], session=session, rating=4, comment="案例很实用"
    )
    assert record.rating == 4 and record.feedback == "案例很实用"


def test_session_needs_a_place_and_a_sane_time(world: World, people: Any, fields: Any) -> None:
    course = make_course(world, fields)
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(InvalidInput) as exc:
        actions.add_session(
            world["committee"],
            course=course,
            data=SessionInput(
                title="第一讲", starts_at=start, ends_at=start - timedelta(hours=1), place="会议室"
            ),
        )
    assert exc.value.field == "ends_at"
    with pytest.raises(InvalidInput) as exc:
        actions.add_session(
            world["committee"],
            course=course,
            data=SessionInput(title="第一讲", starts_at=start, ends_at=start + timedelta(hours=1)),
        )
    assert exc.value.field == "place"


def test_session_reminders_once(world: World, people: Any, fields: Any) -> None:
    course = make_course(world, fields, required=True)
    add_session(world, course, timezone.now() + timedelta(hours=20))
    add_session(world, course, timezone.now() + timedelta(days=5))
    before = OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count()
    assert tasks.remind_sessions() == 1
    assert tasks.remind_sessions() == 0
    assert (
        OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == before + 1
    )
