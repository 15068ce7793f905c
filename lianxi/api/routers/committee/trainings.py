"""Trainings: courses and their sessions, enrolment, QR check-in, attendance and feedback."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lianxi.api.bounds import Id
from lianxi.api.problems import answers
from lianxi.api.routers.committee.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.committee.schemas import CheckinIn, CourseIn, FeedbackIn, IdsIn, SessionIn
from lianxi.committee import actions
from lianxi.committee.actions.trainings import participants
from lianxi.committee.models import Course, TrainingSession
from lianxi.committee.policies import is_committee_staff
from lianxi.committee.querysets import deputy_of


def _session_out(s: TrainingSession, staff: bool) -> dict[str, Any]:
    out = {
        "id": s.pk,
        "title": s.title,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "place": s.place,
        "online_link": s.online_link,
        "lecturer": s.lecturer,
    }
    if staff:
        out["checkin_token"] = s.checkin_token
        out["present"] = list(s.attendance.values_list("deputy_id", flat=True))
    return out


def _course_out(c: Course, user: Any) -> dict[str, Any]:
    staff = is_committee_staff(user)
    out: dict[str, Any] = {
        "id": c.pk,
        "kind": c.kind,
        "title": c.title,
        "description": c.description,
        "required": c.required,
        "status": c.status,
        "sessions": [_session_out(s, staff) for s in c.sessions.order_by("starts_at")],
    }
    deputy = deputy_of(user)
    if deputy is not None:
        out["participating"] = participants(c).filter(pk=deputy.pk).exists()
    return out


def _course(user: Any, course_id: int) -> Course:
    return get_object_or_404(Course.objects.visible_to(user), pk=course_id)


def _session(user: Any, session_id: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.select_related("course").filter(
            course__in=Course.objects.visible_to(user)
        ),
        pk=session_id,
    )


@router.get("/committee/courses", response=answers(Any))
def list_courses(request: HttpRequest) -> Any:
    qs = Course.objects.visible_to(request.user).order_by("-id")[:MAX_PAGE]
    return [_course_out(c, request.user) for c in qs]


@router.post("/committee/courses", response=MADE)
def create_course(request: HttpRequest, payload: CourseIn) -> Any:
    data = payload.data(actions.CourseInput)
    return _course_out(actions.save_course(request.user, data=data), request.user)


@router.get("/committee/courses/{int:course_id}", response=answers(Any, 404))
def get_course(request: HttpRequest, course_id: Id) -> Any:
    return _course_out(_course(request.user, course_id), request.user)


@router.post("/committee/courses/{int:course_id}/sessions", response=STEP)
def add_session(request: HttpRequest, course_id: Id, payload: SessionIn) -> Any:
    course = _course(request.user, course_id)
    data = actions.SessionInput(**payload.dict())
    return _session_out(actions.add_session(request.user, course=course, data=data), True)


@router.post("/committee/courses/{int:course_id}/enroll", response=STEP)
def enroll(request: HttpRequest, course_id: Id) -> Any:
    course = _course(request.user, course_id)
    actions.enroll(request.user, course=course)
    return _course_out(course, request.user)


@router.post("/committee/courses/{int:course_id}/close", response=STEP)
def close_course(request: HttpRequest, course_id: Id) -> Any:
    """Close enrolment (staff)."""
    course = _course(request.user, course_id)
    return _course_out(actions.close_course(request.user, course=course), request.user)


@router.post("/committee/checkin", response=MADE)
def check_in(request: HttpRequest, payload: CheckinIn) -> Any:
    """A deputy checks in with the token of the session's QR code."""
    a = actions.check_in(request.user, token=payload.token)
    return {"session_id": a.session_id, "at": a.at, "method": a.method}


@router.post("/committee/sessions/{int:session_id}/attendance", response=STEP)
def session_attendance(request: HttpRequest, session_id: Id, payload: IdsIn) -> Any:
    """Staff set who attended (QR check-ins stay)."""
    session = _session(request.user, session_id)
    actions.mark_session_attendance(request.user, session=session, present_ids=payload.deputy_ids)
    return _session_out(session, True)


@router.post("/committee/sessions/{int:session_id}/feedback", response=STEP)
def session_feedback(request: HttpRequest, session_id: Id, payload: FeedbackIn) -> Any:
    session = _session(request.user, session_id)
    a = actions.give_feedback(
        request.user, session=session, rating=payload.rating, comment=payload.comment
    )
    return {"rating": a.rating, "comment": a.feedback}
