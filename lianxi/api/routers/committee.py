"""The committee and its deputies: notices, materials, trainings, activities, the deputy's
inbox and calendar. Every change goes through lianxi.committee.actions.

Refusals answer `{"detail": message, "field": name-or-null}`: 403 when the user sees the item
but may not do this, 404 when it is missing or not visible to them, 409 for a step not
possible now, 422 for bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from lianxi.committee import actions
from lianxi.committee.actions.trainings import participants
from lianxi.committee.inbox import calendar_items, inbox_for
from lianxi.committee.messages import RANGE_TOO_LONG
from lianxi.committee.models import (
    Activity,
    Course,
    Invitation,
    Material,
    Notice,
    NoticeRead,
    TrainingSession,
)
from lianxi.committee.models.activities import InvitationStatus
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.committee.suggest import suggest
from lianxi.core.errors import ActionError, IllegalTransition, NotAllowed, RateLimited
from lianxi.directory.models import Deputy

router = Router(tags=["committee"])
MAX_PAGE = 100


class Problem(Schema):
    detail: str
    field: str | None = None


def _problem(exc: ActionError) -> Any:
    status = (
        429
        if isinstance(exc, RateLimited)
        else 403
        if isinstance(exc, NotAllowed)
        else 409
        if isinstance(exc, IllegalTransition)
        else 422
    )
    return Status(status, {"detail": exc.message, "field": exc.field})


def _missing() -> Any:
    return Status(404, {"detail": gettext("Not found."), "field": None})


def _run(do: Callable[[], Any], then: Callable[[Any], Any]) -> Any:
    try:
        result = do()
    except ActionError as exc:
        return _problem(exc)
    return Status(200, then(result))


R = {200: Any, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


# ---------------------------------------------------------------- schemas


class AudienceIn(Schema):
    everyone: bool = False
    levels: list[str] = []
    delegations: list[str] = []
    sectors: list[str] = []
    area_ids: list[int] = []
    expertise_ids: list[int] = []
    deputy_ids: list[int] = []

    def spec(self) -> actions.AudienceSpec:
        return actions.AudienceSpec(**self.dict())


class AudienceOut(AudienceIn):
    reached: int


class NoticeIn(Schema):
    kind: str = "briefing"
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=100_000)
    must_confirm: bool = False
    closes_at: datetime | None = None
    audience: AudienceIn


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    must_confirm: bool
    status: str
    publish_at: datetime | None
    published_at: datetime | None
    closes_at: datetime | None
    read_at: datetime | None = None
    confirmed_at: datetime | None = None
    attachments: list[dict[str, Any]] = []


class PublishIn(Schema):
    at: datetime | None = None


class ReceiptOut(Schema):
    deputy_id: int
    deputy: str
    read_at: datetime | None
    confirmed_at: datetime | None


def _audience_out(audience: Any) -> dict[str, Any]:
    spec = actions.AudienceSpec(
        everyone=audience.everyone,
        levels=audience.level_list,
        delegations=audience.delegation_list,
        sectors=audience.sector_list,
        area_ids=list(audience.areas.values_list("pk", flat=True)),
        expertise_ids=list(audience.expertise.values_list("pk", flat=True)),
        deputy_ids=list(audience.deputies.values_list("pk", flat=True)),
    )
    return {**spec.__dict__, "reached": audience.deputies_qs().count()}


def _notice_out(notice: Notice, receipt: NoticeRead | None = None) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "must_confirm": notice.must_confirm,
        "status": notice.status,
        "publish_at": notice.publish_at,
        "published_at": notice.published_at,
        "closes_at": notice.closes_at,
        "read_at": receipt.read_at if receipt else None,
        "confirmed_at": receipt.confirmed_at if receipt else None,
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size, "content_type": a.content_type}
            for a in notice.attachments.all()
        ],
    }


def _receipt(user: Any, notice: Notice) -> NoticeRead | None:
    deputy = deputy_of(user)
    return NoticeRead.objects.filter(notice=notice, deputy=deputy).first() if deputy else None


def _notice(user: Any, notice_id: int) -> Notice | None:
    return Notice.objects.visible_to(user).filter(pk=notice_id).first()


# ---------------------------------------------------------------- notices


@router.get("/committee/notices", response=list[NoticeOut], auth=django_auth)
def list_notices(request: HttpRequest, offset: int = 0, limit: int = 50) -> list[dict[str, Any]]:
    """Notices I may see: staff, those of their jurisdiction; deputies, those addressed to them."""
    limit = max(1, min(limit, MAX_PAGE))
    qs = Notice.objects.visible_to(request.user).prefetch_related("attachments")
    items = list(qs.order_by("-id")[max(0, offset) : max(0, offset) + limit])
    deputy = deputy_of(request.user)
    receipts = (
        {r.notice_id: r for r in NoticeRead.objects.filter(deputy=deputy, notice__in=items)}
        if deputy
        else {}
    )
    return [_notice_out(n, receipts.get(n.pk)) for n in items]


@router.post("/committee/notices", response=R, auth=django_auth)
def create_notice(request: HttpRequest, payload: NoticeIn) -> Any:
    data = actions.NoticeInput(
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        must_confirm=payload.must_confirm,
        closes_at=payload.closes_at,
        audience=payload.audience.spec(),
    )
    return _run(lambda: actions.save_notice(request.user, data=data), _notice_out)


@router.get("/committee/notices/{int:notice_id}", response=R, auth=django_auth)
def get_notice(request: HttpRequest, notice_id: int) -> Any:
    notice = _notice(request.user, notice_id)
    if notice is None:
        return _missing()
    body = _notice_out(notice, _receipt(request.user, notice))
    if is_committee_staff(request.user):
        body["audience"] = _audience_out(notice.audience)
    return Status(200, body)


@router.put("/committee/notices/{int:notice_id}", response=R, auth=django_auth)
def edit_notice(request: HttpRequest, notice_id: int, payload: NoticeIn) -> Any:
    notice = _notice(request.user, notice_id)
    if notice is None:
        return _missing()
    data = actions.NoticeInput(
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        must_confirm=payload.must_confirm,
        closes_at=payload.closes_at,
        audience=payload.audience.spec(),
    )
    return _run(lambda: actions.save_notice(request.user, data=data, notice=notice), _notice_out)


def _notice_step(request: HttpRequest, notice_id: int, do: Callable[[Any, Notice], Any]) -> Any:
    notice = _notice(request.user, notice_id)
    if notice is None:
        return _missing()
    return _run(
        lambda: do(request.user, notice),
        lambda _r: _notice_out(Notice.objects.get(pk=notice.pk), _receipt(request.user, notice)),
    )


@router.post("/committee/notices/{int:notice_id}/publish", response=R, auth=django_auth)
def publish_notice(request: HttpRequest, notice_id: int, payload: PublishIn) -> Any:
    """Publish now, or schedule with `at`."""
    return _notice_step(
        request, notice_id, lambda u, n: actions.publish_notice(u, notice=n, at=payload.at)
    )


@router.post("/committee/notices/{int:notice_id}/withdraw", response=R, auth=django_auth)
def withdraw_notice(request: HttpRequest, notice_id: int) -> Any:
    return _notice_step(request, notice_id, lambda u, n: actions.withdraw_notice(u, notice=n))


@router.post("/committee/notices/{int:notice_id}/read", response=R, auth=django_auth)
def read_notice(request: HttpRequest, notice_id: int) -> Any:
    """The deputy's read receipt."""
    return _notice_step(request, notice_id, lambda u, n: actions.read_notice(u, notice=n))


@router.post("/committee/notices/{int:notice_id}/confirm", response=R, auth=django_auth)
def confirm_notice(request: HttpRequest, notice_id: int) -> Any:
    return _notice_step(request, notice_id, lambda u, n: actions.confirm_notice(u, notice=n))


@router.get("/committee/notices/{int:notice_id}/receipts", response=R, auth=django_auth)
def notice_receipts(request: HttpRequest, notice_id: int) -> Any:
    """Who read what (staff): every deputy the notice reaches now, with their receipt."""
    notice = _notice(request.user, notice_id)
    if notice is None or not is_committee_staff(request.user):
        return _missing()
    receipts = {r.deputy_id: r for r in NoticeRead.objects.filter(notice=notice)}
    rows = []
    for deputy in notice.audience.deputies_qs().order_by("name", "pk"):
        r = receipts.get(deputy.pk)
        rows.append(
            {
                "deputy_id": deputy.pk,
                "deputy": deputy.name,
                "read_at": r.read_at if r else None,
                "confirmed_at": r.confirmed_at if r else None,
            }
        )
    return Status(200, rows)


# ---------------------------------------------------------------- materials


class MaterialIn(Schema):
    kind: str = "study"
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    tags: str = Field("", max_length=200)
    link: str = Field(..., max_length=400)
    audience: AudienceIn


def _material_out(m: Material) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "title": m.title,
        "description": m.description,
        "tags": m.tag_list,
        "link": m.link,
        "has_file": bool(m.file),
        "status": m.status,
        "created_at": m.created_at,
    }


@router.get("/committee/materials", response=R, auth=django_auth)
def list_materials(request: HttpRequest, tag: str = "", offset: int = 0, limit: int = 50) -> Any:
    limit = max(1, min(limit, MAX_PAGE))
    qs = Material.objects.visible_to(request.user)
    if not is_committee_staff(request.user):
        qs = qs.filter(status="published")
    if tag:
        qs = qs.filter(tags__contains=tag[:30])
    items = qs.order_by("-id")[max(0, offset) : max(0, offset) + limit]
    return Status(200, [_material_out(m) for m in items])


@router.post("/committee/materials", response=R, auth=django_auth)
def create_material(request: HttpRequest, payload: MaterialIn) -> Any:
    """A link in the library (files are uploaded on the page)."""
    data = actions.MaterialInput(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        tags=payload.tags,
        link=payload.link,
        audience=payload.audience.spec(),
    )
    return _run(lambda: actions.add_material(request.user, data=data), _material_out)


@router.post("/committee/materials/{int:material_id}/download", response=R, auth=django_auth)
def download_material(request: HttpRequest, material_id: int) -> Any:
    """Records the download; answers the file itself, or `{"link": …}` for a link."""
    material = Material.objects.visible_to(request.user).filter(pk=material_id).first()
    if material is None:
        return _missing()
    try:
        actions.download_material(request.user, material=material)
    except ActionError as exc:
        return _problem(exc)
    if material.file:
        return FileResponse(
            material.file.open("rb"),
            as_attachment=True,
            filename=material.original_name or "file",
            content_type=material.content_type,
        )
    return Status(200, {"link": material.link})


# ---------------------------------------------------------------- trainings


class CourseIn(Schema):
    kind: str = "thematic"
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=4000)
    required: bool = False
    audience: AudienceIn


class SessionIn(Schema):
    title: str = Field(..., max_length=200)
    starts_at: datetime
    ends_at: datetime
    place: str = Field("", max_length=120)
    online_link: str = Field("", max_length=400)
    lecturer: str = Field("", max_length=60)
    material_ids: list[int] = []


class IdsIn(Schema):
    deputy_ids: list[int]


class FeedbackIn(Schema):
    rating: int
    comment: str = Field("", max_length=1000)


class CheckinIn(Schema):
    token: str = Field(..., max_length=64)


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


def _course(user: Any, course_id: int) -> Course | None:
    return Course.objects.visible_to(user).filter(pk=course_id).first()


def _session(user: Any, session_id: int) -> TrainingSession | None:
    return (
        TrainingSession.objects.select_related("course")
        .filter(pk=session_id, course__in=Course.objects.visible_to(user))
        .first()
    )


@router.get("/committee/courses", response=R, auth=django_auth)
def list_courses(request: HttpRequest) -> Any:
    qs = Course.objects.visible_to(request.user).order_by("-id")[:MAX_PAGE]
    return Status(200, [_course_out(c, request.user) for c in qs])


@router.post("/committee/courses", response=R, auth=django_auth)
def create_course(request: HttpRequest, payload: CourseIn) -> Any:
    data = actions.CourseInput(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        required=payload.required,
        audience=payload.audience.spec(),
    )
    return _run(
        lambda: actions.save_course(request.user, data=data),
        lambda c: _course_out(c, request.user),
    )


@router.get("/committee/courses/{int:course_id}", response=R, auth=django_auth)
def get_course(request: HttpRequest, course_id: int) -> Any:
    course = _course(request.user, course_id)
    return _missing() if course is None else Status(200, _course_out(course, request.user))


@router.post("/committee/courses/{int:course_id}/sessions", response=R, auth=django_auth)
def add_session(request: HttpRequest, course_id: int, payload: SessionIn) -> Any:
    course = _course(request.user, course_id)
    if course is None:
        return _missing()
    data = actions.SessionInput(**payload.dict())
    return _run(
        lambda: actions.add_session(request.user, course=course, data=data),
        lambda s: _session_out(s, True),
    )


@router.post("/committee/courses/{int:course_id}/enroll", response=R, auth=django_auth)
def enroll(request: HttpRequest, course_id: int) -> Any:
    course = _course(request.user, course_id)
    if course is None:
        return _missing()
    return _run(
        lambda: actions.enroll(request.user, course=course),
        lambda _e: _course_out(course, request.user),
    )


@router.post("/committee/courses/{int:course_id}/close", response=R, auth=django_auth)
def close_course(request: HttpRequest, course_id: int) -> Any:
    """Close enrolment (staff)."""
    course = _course(request.user, course_id)
    if course is None:
        return _missing()
    return _run(
        lambda: actions.close_course(request.user, course=course),
        lambda c: _course_out(c, request.user),
    )


@router.post("/committee/checkin", response=R, auth=django_auth)
def check_in(request: HttpRequest, payload: CheckinIn) -> Any:
    """A deputy checks in with the token of the session's QR code."""
    return _run(
        lambda: actions.check_in(request.user, token=payload.token),
        lambda a: {"session_id": a.session_id, "at": a.at, "method": a.method},
    )


@router.post("/committee/sessions/{int:session_id}/attendance", response=R, auth=django_auth)
def session_attendance(request: HttpRequest, session_id: int, payload: IdsIn) -> Any:
    """Staff set who attended (QR check-ins stay)."""
    session = _session(request.user, session_id)
    if session is None:
        return _missing()
    return _run(
        lambda: actions.mark_session_attendance(
            request.user, session=session, present_ids=payload.deputy_ids
        ),
        lambda _n: _session_out(session, True),
    )


@router.post("/committee/sessions/{int:session_id}/feedback", response=R, auth=django_auth)
def session_feedback(request: HttpRequest, session_id: int, payload: FeedbackIn) -> Any:
    session = _session(request.user, session_id)
    if session is None:
        return _missing()
    return _run(
        lambda: actions.give_feedback(
            request.user, session=session, rating=payload.rating, comment=payload.comment
        ),
        lambda a: {"rating": a.rating, "comment": a.feedback},
    )


# ---------------------------------------------------------------- activities


class ActivityIn(Schema):
    kind: str
    title: str = Field(..., max_length=200)
    topic: str = Field(..., max_length=200)
    agenda: str = Field("", max_length=4000)
    starts_at: datetime
    ends_at: datetime
    place: str = Field(..., max_length=120)
    capacity: int
    expertise_ids: list[int] = []
    sectors: list[str] = []
    level: str = ""
    recurrence: str = ""
    count: int = 0

    def data(self) -> actions.ActivityInput:
        d = self.dict()
        d.pop("recurrence")
        d.pop("count")
        return actions.ActivityInput(**d)


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=300)


class MinutesIn(Schema):
    minutes: str = Field(..., max_length=20000)
    held: bool = True


class ContributionIn(Schema):
    deputy_id: int
    kind: str
    text: str = Field(..., max_length=4000)


class OutcomeIn(Schema):
    text: str = Field(..., max_length=2000)
    case_id: int | None = None


def _activity_out(a: Activity, user: Any) -> dict[str, Any]:
    staff = is_committee_staff(user)
    invitations = a.invitations.exclude(status=InvitationStatus.WITHDRAWN).select_related("deputy")
    out: dict[str, Any] = {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "topic": a.topic,
        "agenda": a.agenda,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "place": a.place,
        "capacity": a.capacity,
        "status": a.status,
        "series_id": a.series_id,
        "accepted": sum(1 for i in invitations if i.status == InvitationStatus.ACCEPTED),
        "contributions": [
            {"deputy_id": c.deputy_id, "kind": c.kind, "text": c.text}
            for c in a.contributions.all()
        ],
        "outcomes": [{"text": o.text, "case_id": o.case_id} for o in a.outcomes.all()],
    }
    if staff:
        out["minutes"] = a.minutes
        out["invitations"] = [
            {
                "id": i.pk,
                "deputy_id": i.deputy_id,
                "deputy": i.deputy.name,
                "status": i.status,
                "reason": i.reason,
                "attended": i.attended,
            }
            for i in invitations
        ]
    else:
        deputy = deputy_of(user)
        mine = next((i for i in invitations if i.deputy_id == getattr(deputy, "pk", None)), None)
        out["invitation"] = (
            {"id": mine.pk, "status": mine.status, "reason": mine.reason, "attended": mine.attended}
            if mine
            else None
        )
        if a.status == "done":
            out["minutes"] = a.minutes
    return out


def _activity(user: Any, activity_id: int) -> Activity | None:
    return Activity.objects.visible_to(user).filter(pk=activity_id).first()


@router.get("/committee/activities", response=R, auth=django_auth)
def list_activities(request: HttpRequest, upcoming: bool = True) -> Any:
    qs = Activity.objects.visible_to(request.user)
    now = timezone.now()
    qs = (
        qs.filter(starts_at__gte=now).order_by("starts_at")
        if upcoming
        else qs.filter(starts_at__lt=now).order_by("-starts_at")
    )
    return Status(200, [_activity_out(a, request.user) for a in qs[:MAX_PAGE]])


@router.post("/committee/activities", response=R, auth=django_auth)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    """One activity, or a series with `recurrence` (monthly, quarterly, half_yearly) and `count`."""
    user = request.user
    if payload.recurrence:
        return _run(
            lambda: actions.create_series(
                user, data=payload.data(), recurrence=payload.recurrence, count=payload.count
            ),
            lambda s: {
                "series_id": s.pk,
                "activities": [_activity_out(a, user) for a in s.activities.order_by("starts_at")],
            },
        )
    return _run(
        lambda: actions.save_activity(user, data=payload.data()),
        lambda a: _activity_out(a, user),
    )


@router.get("/committee/activities/{int:activity_id}", response=R, auth=django_auth)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    activity = _activity(request.user, activity_id)
    return _missing() if activity is None else Status(200, _activity_out(activity, request.user))


@router.get("/committee/activities/{int:activity_id}/suggestions", response=R, auth=django_auth)
def activity_suggestions(request: HttpRequest, activity_id: int) -> Any:
    """Ranked deputies to invite, with the reasons and their recent participation."""
    activity = _activity(request.user, activity_id)
    if activity is None or not can_manage(request.user, activity):
        return _missing()
    return Status(
        200,
        [
            {
                "deputy_id": s.deputy.pk,
                "deputy": s.deputy.name,
                "score": s.score,
                "reasons": s.reasons,
                "recent": s.recent,
                "attended": s.attended,
            }
            for s in suggest(request.user, activity)
        ],
    )


def _activity_step(
    request: HttpRequest, activity_id: int, do: Callable[[Any, Activity], Any]
) -> Any:
    activity = _activity(request.user, activity_id)
    if activity is None:
        return _missing()
    return _run(
        lambda: do(request.user, activity),
        lambda _r: _activity_out(Activity.objects.get(pk=activity.pk), request.user),
    )


@router.post("/committee/activities/{int:activity_id}/invite", response=R, auth=django_auth)
def invite(request: HttpRequest, activity_id: int, payload: IdsIn) -> Any:
    return _activity_step(
        request,
        activity_id,
        lambda u, a: actions.invite(u, activity=a, deputy_ids=payload.deputy_ids),
    )


@router.post("/committee/activities/{int:activity_id}/attendance", response=R, auth=django_auth)
def activity_attendance(request: HttpRequest, activity_id: int, payload: IdsIn) -> Any:
    return _activity_step(
        request,
        activity_id,
        lambda u, a: actions.mark_activity_attendance(
            u, activity=a, present_ids=payload.deputy_ids
        ),
    )


@router.post("/committee/activities/{int:activity_id}/minutes", response=R, auth=django_auth)
def activity_minutes(request: HttpRequest, activity_id: int, payload: MinutesIn) -> Any:
    return _activity_step(
        request,
        activity_id,
        lambda u, a: actions.record_minutes(
            u, activity=a, minutes=payload.minutes, held=payload.held
        ),
    )


@router.post("/committee/activities/{int:activity_id}/contributions", response=R, auth=django_auth)
def activity_contribution(request: HttpRequest, activity_id: int, payload: ContributionIn) -> Any:
    deputy = Deputy.objects.filter(pk=payload.deputy_id).first()
    if deputy is None:
        return Status(
            422, {"detail": gettext("Choose deputies from the list."), "field": "deputy_id"}
        )
    return _activity_step(
        request,
        activity_id,
        lambda u, a: actions.add_contribution(
            u, activity=a, deputy=deputy, kind=payload.kind, text=payload.text
        ),
    )


@router.post("/committee/activities/{int:activity_id}/outcomes", response=R, auth=django_auth)
def activity_outcome(request: HttpRequest, activity_id: int, payload: OutcomeIn) -> Any:
    return _activity_step(
        request,
        activity_id,
        lambda u, a: actions.add_outcome(u, activity=a, text=payload.text, case_id=payload.case_id),
    )


@router.post("/committee/activities/{int:activity_id}/cancel", response=R, auth=django_auth)
def activity_cancel(request: HttpRequest, activity_id: int) -> Any:
    return _activity_step(request, activity_id, lambda u, a: actions.cancel_activity(u, activity=a))


@router.post(
    "/committee/activities/{int:activity_id}/invitations/{int:invitation_id}/withdraw",
    response=R,
    auth=django_auth,
)
def withdraw_invitation(request: HttpRequest, activity_id: int, invitation_id: int) -> Any:
    """Staff withdraw one invitation."""
    activity = _activity(request.user, activity_id)
    invitation = (
        Invitation.objects.filter(pk=invitation_id, activity=activity).first() if activity else None
    )
    if activity is None or invitation is None:
        return _missing()
    return _run(
        lambda: actions.withdraw_invitation(request.user, invitation=invitation),
        lambda _i: _activity_out(activity, request.user),
    )


@router.post("/committee/invitations/{int:invitation_id}/answer", response=R, auth=django_auth)
def answer_invitation(request: HttpRequest, invitation_id: int, payload: AnswerIn) -> Any:
    deputy = deputy_of(request.user)
    invitation = (
        Invitation.objects.filter(pk=invitation_id, deputy=deputy)
        .exclude(activity__status="draft")
        .first()
        if deputy
        else None
    )
    if invitation is None:
        return _missing()
    return _run(
        lambda: actions.answer_invitation(
            request.user, invitation=invitation, accept=payload.accept, reason=payload.reason
        ),
        lambda i: {"id": i.pk, "status": i.status, "reason": i.reason},
    )


# ---------------------------------------------------------------- the deputy's side


@router.get("/committee/inbox", response=R, auth=django_auth)
def inbox(request: HttpRequest) -> Any:
    """What needs the signed-in deputy now."""
    if deputy_of(request.user) is None:
        return _missing()
    box = inbox_for(request.user)
    return Status(
        200,
        {
            "notices": [{"id": n.pk, "title": n.title} for n in box.notices],
            "invitations": [
                {
                    "id": i.pk,
                    "activity_id": i.activity_id,
                    "title": i.activity.title,
                    "starts_at": i.activity.starts_at,
                }
                for i in box.invitations
            ],
            "sessions": [
                {"id": s.pk, "course_id": s.course_id, "title": s.title, "starts_at": s.starts_at}
                for s in box.sessions
            ],
            "cases": [
                {"id": c.pk, "tracking_number": c.tracking_number, "due_date": c.due_date}
                for c in box.cases
            ],
        },
    )


@router.get("/committee/calendar", response=R, auth=django_auth)
def calendar(
    request: HttpRequest, start: datetime | None = None, end: datetime | None = None
) -> Any:
    """Shifts, sessions and activities between `start` and `end` (default: the next 31 days)."""
    deputy = deputy_of(request.user)
    if deputy is None:
        return _missing()
    start = start or timezone.now()
    end = end or start + timedelta(days=31)
    start, end = (timezone.make_aware(t) if timezone.is_naive(t) else t for t in (start, end))
    if end - start > timedelta(days=400) or end <= start:
        return Status(422, {"detail": str(RANGE_TOO_LONG), "field": "end"})
    return Status(200, [item.__dict__ for item in calendar_items(deputy, start, end)])
