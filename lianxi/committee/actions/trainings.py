"""Trainings: courses, sessions, enrollment, check-in by QR or by staff, completion,
feedback, reminders."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.actions.common import (
    AudienceSpec,
    check_span,
    organising_area,
    require_manage,
    require_staff,
    save_audience,
    tell_deputies,
    text_field,
)
from lianxi.committee.models import Course, Enrollment, SessionAttendance, TrainingSession
from lianxi.committee.models.trainings import AttendanceMethod, CourseKind, CourseStatus
from lianxi.committee.querysets import deputy_of
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Deputy

CHECKIN_EARLY = timedelta(minutes=60)


@dataclass
class CourseInput:
    kind: str
    title: str
    description: str = ""
    required: bool = False
    audience: AudienceSpec = field(default_factory=AudienceSpec)


@dataclass
class SessionInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_link: str = ""
    lecturer: str = ""
    material_ids: list[int] = field(default_factory=list)


def participants(course: Course) -> Any:
    """Deputies expected at the course: the audience of a required course, plus enrolments."""
    enrolled = Q(pk__in=Enrollment.objects.filter(course=course).values("deputy_id"))
    if course.required:
        return Deputy.objects.filter(
            Q(pk__in=course.audience.deputies_qs().values("pk")) | enrolled
        )
    return Deputy.objects.filter(enrolled)


def is_participant(course: Course, deputy: Deputy) -> bool:
    return participants(course).filter(pk=deputy.pk).exists()


@action("committee.save_course")
def save_course(actor: Any, *, data: CourseInput, course: Course | None = None) -> Course:
    require_staff(actor)
    if course is not None:
        require_manage(actor, course)
    if data.kind not in CourseKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    title = text_field(data.title, "title", 4, 120)
    audience = save_audience(actor, data.audience, course.audience if course else None)
    created = course is None
    if course is None:
        course = Course(area=organising_area(actor), audience=audience, created_by=actor)
    course.kind, course.title = data.kind, title
    course.description, course.required = data.description[:4000], data.required
    course.save()
    if created:
        tell_deputies(
            "committee.save_course",
            course,
            actor,
            course.audience.deputies_qs().select_related("user"),
        )
    log(actor, "committee.create_course" if created else "committee.edit_course", course)
    return course


@action("committee.close_course")
def close_course(actor: Any, *, course: Course) -> Course:
    require_manage(actor, course)
    course.status = CourseStatus.CLOSED
    course.save(update_fields=["status", "updated_at"])
    log(actor, "committee.close_course", course)
    return course


@action("committee.add_session")
def add_session(actor: Any, *, course: Course, data: SessionInput) -> TrainingSession:
    require_manage(actor, course)
    title = text_field(data.title, "title", 2, 120)
    check_span(data.starts_at, data.ends_at)
    link = data.online_link.strip()
    if link and not link.lower().startswith(("https://", "http://")):
        raise InvalidInput(_("A link starts with https:// or http://."), field="online_link")
    if not data.place.strip() and not link:
        raise InvalidInput(_("Give a place or an online link."), field="place")
    session = TrainingSession.objects.create(
        course=course,
        title=title,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip()[:120],
        online_link=link,
        lecturer=data.lecturer.strip()[:60],
        checkin_token=secrets.token_urlsafe(18),
    )
    if data.material_ids:
        from lianxi.committee.models import Material

        materials = Material.objects.visible_to(actor).filter(pk__in=data.material_ids)
        session.materials.set(materials)
    log(actor, "committee.add_session", session, {"course": course.pk})
    return session


@action("committee.enroll")
def enroll(actor: Any, *, course: Course) -> Enrollment:
    deputy = deputy_of(actor)
    if deputy is None or not Course.objects.for_deputy(deputy).filter(pk=course.pk).exists():
        raise NotAllowed(_("This training is not open to you."))
    if course.status != CourseStatus.OPEN:
        raise IllegalTransition(_("This training is closed."))
    enrollment, created = Enrollment.objects.get_or_create(course=course, deputy=deputy)
    log(actor, "committee.enroll", course, {"deputy": deputy.pk, "new": created})
    return enrollment


def _update_completion(course: Course, deputy: Deputy) -> None:
    total = course.sessions.count()
    attended = SessionAttendance.objects.filter(session__course=course, deputy=deputy).count()
    enrollment, _created = Enrollment.objects.get_or_create(course=course, deputy=deputy)
    done = total > 0 and attended >= total
    if done and enrollment.completed_at is None:
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["completed_at"])
    elif not done and enrollment.completed_at is not None:
        enrollment.completed_at = None
        enrollment.save(update_fields=["completed_at"])


@action("committee.check_in")
def check_in(actor: Any, *, token: str) -> SessionAttendance:
    """A deputy scans the session's QR code (while signed in) during the session."""
    session = (
        TrainingSession.objects.select_related("course")
        .filter(checkin_token=(token or "")[:40])
        .first()
    )
    deputy = deputy_of(actor)
    if session is None or deputy is None:
        raise NotAllowed(_("This check-in code is not valid for you."))
    course = session.course
    if not Course.objects.for_deputy(deputy).filter(pk=course.pk).exists():
        raise NotAllowed(_("This check-in code is not valid for you."))
    now = timezone.now()
    if not session.starts_at - CHECKIN_EARLY <= now <= session.ends_at:
        raise IllegalTransition(_("Check-in is open from an hour before the session to its end."))
    record, created = SessionAttendance.objects.get_or_create(
        session=session, deputy=deputy, defaults={"method": AttendanceMethod.QR}
    )
    _update_completion(course, deputy)
    log(actor, "committee.check_in", session, {"deputy": deputy.pk, "new": created})
    announce("committee.check_in", session, actor, deputy=deputy)
    return record


@action("committee.mark_session_attendance")
def mark_session_attendance(actor: Any, *, session: TrainingSession, present_ids: list[int]) -> int:
    """Staff set who attended: the given deputies are present, others marked by staff are
    removed (QR check-ins stay)."""
    course = session.course
    require_manage(actor, course)
    allowed = set(participants(course).values_list("pk", flat=True)) | set(
        course.audience.deputies_qs().values_list("pk", flat=True)
    )
    present = set(present_ids)
    if present - allowed:
        raise InvalidInput(_("Choose deputies invited to this training."), field="present")
    existing = set(session.attendance.values_list("deputy_id", flat=True))
    removed = session.attendance.filter(method=AttendanceMethod.STAFF).exclude(
        deputy_id__in=present
    )
    removed_ids = list(removed.values_list("deputy_id", flat=True))
    removed.delete()
    new = present - existing
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(session=session, deputy_id=d, method=AttendanceMethod.STAFF)
            for d in new
        ]
    )
    for deputy in Deputy.objects.filter(pk__in=new | set(removed_ids)):
        _update_completion(course, deputy)
    log(
        actor,
        "committee.mark_session_attendance",
        session,
        {"added": len(new), "removed": len(removed_ids)},
    )
    announce("committee.mark_session_attendance", session, actor, present=sorted(present))
    return len(present)


@action("committee.give_feedback")
def give_feedback(
    actor: Any, *, session: TrainingSession, rating: int, comment: str = ""
) -> SessionAttendance:
    deputy = deputy_of(actor)
    record = (
        SessionAttendance.objects.filter(session=session, deputy=deputy).first() if deputy else None
    )
    if record is None:
        raise NotAllowed(_("Only deputies who attended can give feedback."))
    if not 1 <= int(rating) <= 5:
        raise InvalidInput(_("Rate from 1 to 5."), field="rating")
    record.rating, record.feedback = int(rating), (comment or "").strip()[:1000]
    record.feedback_at = timezone.now()
    record.save(update_fields=["rating", "feedback", "feedback_at"])
    log(actor, "committee.give_feedback", session, {"rating": record.rating})
    return record


@action("committee.remind_session")
def remind_session(actor: Any, *, session_id: int) -> int:
    """Remind the participants the day before a session (once: `reminded_at`)."""
    session = (
        TrainingSession.objects.select_for_update()
        .select_related("course")
        .filter(pk=session_id, reminded_at__isnull=True)
        .first()
    )
    if session is None:
        log(actor, "committee.remind_session", None, {"session": session_id, "sent": 0})
        return 0
    session.reminded_at = timezone.now()
    session.save(update_fields=["reminded_at"])
    sent = tell_deputies(
        "committee.remind_session",
        session,
        actor,
        participants(session.course).select_related("user"),
    )
    log(actor, "committee.remind_session", session, {"sent": sent})
    return sent
