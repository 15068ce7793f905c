"""Cases: intake (open to anyone), tracking by number and query code, and one endpoint per
workflow step for signed-in staff. Every change goes through lianxi.cases.actions.

Refusals answer `{"detail": message, "field": name-or-null}`: 403 when the user sees the case
but may not take the step, 404 when the case is missing or not visible to them, 409 for a step
not possible in the case's state (or a request with the same Idempotency-Key still running),
422 for bad input.

CSRF: intake accepts anonymous JSON clients without a CSRF token. A request that carries a
signed-in session (which makes that user the case's owner) must pass Django's CSRF check, so a
foreign page cannot file cases in a signed-in citizen's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth
from ninja.utils import check_csrf

from lianxi.cases import actions
from lianxi.cases.choices import Kind
from lianxi.cases.choices import Status as CaseStatus
from lianxi.cases.models import Case, CaseEvent, OutOfScopeRule, Referral
from lianxi.cases.policies import can_see_contact, contact_visible_ids
from lianxi.cases.throttle import too_many_tracking_tries
from lianxi.core.choices import Role
from lianxi.core.errors import ActionError, IllegalTransition, NotAllowed, RateLimited
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.lib.masking import mask_address, mask_name, mask_phone, mask_text
from lianxi.lib.net import client_ip

router = Router(tags=["cases"])

MAX_PAGE_SIZE = 100

# Field names used by the actions → the names of this API's fields.
FIELD_NAMES = {
    "target_deputy": "deputy_id",
    "target_station": "station_id",
    "community": "community_id",
    "category": "category_id",
    "deputy": "deputy_id",
    "station": "station_id",
    "rule": "rule_id",
    "into": "into_id",
    "lead": "lead_id",
    "co": "co_ids",
    "answer": "text",
}


# ---------------------------------------------------------------- schemas


class Problem(Schema):
    detail: str
    field: str | None = None


class CaseIn(Schema):
    kind: Kind
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=20000)
    category_id: int | None = None
    community_id: int | None = None
    address: str = Field("", max_length=200)
    deputy_id: int | None = None
    station_id: int | None = None
    contact_name: str = Field("", max_length=40)
    contact_phone: str = Field("", max_length=30)
    anonymous: bool = False
    consent_to_publish: bool = False


class SubmittedOut(Schema):
    id: int
    tracking_number: str
    query_code: str
    status: str


class PublicEventOut(Schema):
    at: datetime
    step: str
    by: str
    text: str


class PublicCaseOut(Schema):
    tracking_number: str
    kind: str
    title: str
    content: str
    category: str | None
    status: str
    status_label: str
    outcome: str
    submitted_at: datetime
    due_date: date | None
    closed_at: datetime | None
    events: list[PublicEventOut]


class EventOut(PublicEventOut):
    public: bool


class ReferralOut(Schema):
    department_id: int
    department: str
    role: str
    status: str
    due_date: date
    accept_by: date
    result_class: str
    answer: str
    contact_disclosed: bool


class CaseOut(Schema):
    id: int
    tracking_number: str
    kind: str
    title: str
    status: str
    outcome: str
    channel: str
    category_id: int | None
    category: str | None
    community_id: int | None
    community: str | None
    deputy_id: int | None
    deputy: str | None
    station_id: int | None
    station: str | None
    due_date: date | None
    submitted_at: datetime
    closed_at: datetime | None
    is_anonymous: bool
    contact_name: str
    contact_phone: str
    contact_visible: bool


class CaseDetailOut(CaseOut):
    content: str
    address: str
    version: int
    reopen_count: int
    consent_to_publish: bool
    is_published: bool
    referrals: list[ReferralOut]
    events: list[EventOut]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class AcceptIn(Schema):
    deputy_id: int | None = None
    station_id: int | None = None
    note: str = Field("", max_length=1000)


class DeclineIn(Schema):
    rule_id: int
    note: str = Field("", max_length=1000)


class MergeIn(Schema):
    into_id: int


class ReassignIn(Schema):
    deputy_id: int
    station_id: int | None = None


class TextIn(Schema):
    text: str = Field(..., max_length=5000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=1000)


class ReferIn(Schema):
    lead_id: int
    co_ids: list[int] = Field(default_factory=list, max_length=10)
    note: str = Field("", max_length=1000)
    disclose_contact: bool = False


class RerouteIn(Schema):
    lead_id: int
    co_ids: list[int] = Field(default_factory=list, max_length=10)


class AnswerIn(Schema):
    text: str = Field(..., max_length=5000)
    result_class: Literal["A", "B", "C", "D"]


class RateIn(Schema):
    deputy_rating: Literal["satisfied", "basic", "unsatisfied"]
    department_rating: Literal["satisfied", "basic", "unsatisfied", ""] = ""
    comment: str = Field("", max_length=1000)


class CaseFilters(Schema):
    status: CaseStatus | None = None
    kind: Kind | None = None
    category: int | None = None
    deputy: int | None = None
    station: int | None = None
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# ---------------------------------------------------------------- helpers


class _BadReference(Exception):
    def __init__(self, field: str) -> None:
        self.field = field


def _problem(status: int, detail: str, field: str | None = None) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, "field": field}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _refusal(exc: ActionError) -> JsonResponse:
    """The case was visible to the user when this is called; NotAllowed is therefore a 403."""
    if isinstance(exc, RateLimited):
        status = 429
    elif isinstance(exc, NotAllowed):
        status = 403
    elif isinstance(exc, IllegalTransition):
        status = 409
    else:
        status = 422
    field = FIELD_NAMES.get(exc.field or "", exc.field)
    return _problem(status, exc.message, field)


def _not_found() -> JsonResponse:
    from django.utils.translation import gettext as _

    return _problem(404, _("Not found."))


def _ref(model: Any, pk: int | None, field: str, qs: QuerySet | None = None) -> Any:
    """The row `pk` of `model` (or of `qs`), or a 422 naming `field`."""
    if pk is None:
        return None
    obj = (qs if qs is not None else model.objects.all()).filter(pk=pk).first()
    if obj is None:
        raise _BadReference(field)
    return obj


def _bad_reference(field: str) -> JsonResponse:
    from django.utils.translation import gettext as _

    return _problem(422, _("This choice does not exist or is not available."), field)


def _staff_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related(
        "category", "community", "deputy", "station"
    )


def _case_out(case: Case, contact: bool) -> dict[str, Any]:
    return {
        "id": case.pk,
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "title": case.title if contact else mask_text(case.title),
        "status": case.status,
        "outcome": case.outcome,
        "channel": case.channel,
        "category_id": case.category_id,
        "category": case.category.name if case.category else None,
        "community_id": case.community_id,
        "community": case.community.full_name if case.community else None,
        "deputy_id": case.deputy_id,
        "deputy": case.deputy.name if case.deputy else None,
        "station_id": case.station_id,
        "station": case.station.name if case.station else None,
        "due_date": case.due_date,
        "submitted_at": case.submitted_at,
        "closed_at": case.closed_at,
        "is_anonymous": case.is_anonymous,
        "contact_name": case.contact_name if contact else mask_name(case.contact_name),
        "contact_phone": case.contact_phone if contact else mask_phone(case.contact_phone),
        "contact_visible": contact,
    }


def _detail(user: Any, case_id: int) -> dict[str, Any] | None:
    case = (
        _staff_cases(user)
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("department")),
            Prefetch("events", queryset=CaseEvent.objects.order_by("at", "id")),
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        return None
    contact = can_see_contact(user, case)
    internal = user.role != Role.CITIZEN
    body = _case_out(case, contact)
    body.update(
        content=case.content if contact else mask_text(case.content),
        address=case.address if contact else mask_address(case.address),
        version=case.version,
        reopen_count=case.reopen_count,
        consent_to_publish=case.consent_to_publish,
        is_published=case.is_published,
        referrals=[
            {
                "department_id": r.department_id,
                "department": r.department.name,
                "role": r.role,
                "status": r.status,
                "due_date": r.due_date,
                "accept_by": r.accept_by,
                "result_class": r.result_class,
                "answer": r.answer if contact else mask_text(r.answer),
                "contact_disclosed": r.contact_disclosed,
            }
            for r in case.referrals.all()
        ],
        events=[
            {
                "at": e.at,
                "step": e.step,
                "by": e.actor_label,
                "text": e.text if contact else mask_text(e.text),
                "public": e.public,
            }
            for e in case.events.all()
            if e.public or internal
        ],
    )
    return body


def _public_view(case: Case) -> dict[str, Any]:
    events = case.events.filter(public=True).order_by("at", "id")
    return {
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "title": mask_text(case.title),
        "content": mask_text(case.content),
        "category": case.category.name if case.category else None,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "outcome": case.outcome,
        "submitted_at": case.submitted_at,
        "due_date": case.due_date,
        "closed_at": case.closed_at,
        "events": [
            {"at": e.at, "step": e.step, "by": e.actor_label, "text": mask_text(e.text)}
            for e in events
        ],
    }


# ---------------------------------------------------------------- intake and tracking


@router.post(
    "/cases",
    response={201: SubmittedOut, 403: Problem, 409: Problem, 422: Problem},
    summary="File a case",
)
def submit(request: HttpRequest, payload: CaseIn) -> Any:
    """Anyone may file. A signed-in citizen's session makes them the owner (CSRF-checked).
    With an `Idempotency-Key` header, the same key and body give the same case and the same
    201 body (with `Idempotent-Replayed: true`); the same key with another body answers 422,
    and while the first request is still running, 409."""
    user = request.user
    if getattr(user, "is_authenticated", False):
        refused = check_csrf(request)
        if refused is not None:
            return refused
    else:
        user = AnonymousUser()
    try:
        data = actions.Intake(
            kind=payload.kind,
            title=payload.title,
            content=payload.content,
            channel="api",
            category=_ref(
                Category,
                payload.category_id,
                "category_id",
                Category.objects.filter(is_active=True),
            ),
            community=_ref(Area, payload.community_id, "community_id"),
            address=payload.address.strip(),
            target_deputy=_ref(Deputy, payload.deputy_id, "deputy_id", Deputy.objects.public()),
            target_station=_ref(
                Station, payload.station_id, "station_id", Station.objects.public()
            ),
            contact_name=payload.contact_name,
            contact_phone=payload.contact_phone,
            is_anonymous=payload.anonymous,
            consent_to_publish=payload.consent_to_publish,
        )
    except _BadReference as bad:
        return _bad_reference(bad.field)
    key = request.headers.get("Idempotency-Key") or None
    try:
        submitted = actions.submit_case(user, data=data, idempotency_key=key)
    except ActionError as exc:
        return _refusal(exc)
    response = JsonResponse(submitted.response(), status=201)
    if submitted.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@router.get(
    "/cases/track",
    response={200: PublicCaseOut, 404: Problem, 429: Problem},
    summary="Track a case (public)",
)
def track(request: HttpRequest, number: str = "", code: str = "") -> Any:
    """The public view of one case for its tracking number and query code: public steps only,
    no contact data, phone and ID numbers in the text masked. Unknown number and wrong code
    answer the same 404; tries are limited per client address (shared with the page)."""
    if too_many_tracking_tries(client_ip(request)):
        message = gettext("Too many tries from this network. Wait ten minutes and try again.")
        return Status(429, {"detail": message, "field": None})
    case = actions.find_by_tracking(number[:40], code[:40])
    if case is None:
        return _not_found()
    case = Case.objects.select_related("category").get(pk=case.pk)
    return Status(200, _public_view(case))


# ---------------------------------------------------------------- staff


@router.get("/cases", response=CasePage, auth=django_auth, summary="Cases visible to me")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    qs = _staff_cases(request.user)
    for name, lookup in [
        ("status", "status"),
        ("kind", "kind"),
        ("category", "category_id"),
        ("deputy", "deputy_id"),
        ("station", "station_id"),
    ]:
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{lookup: value})
    start = (filters.page - 1) * filters.page_size
    count = qs.count()
    page = list(qs[start : start + filters.page_size])
    visible = contact_visible_ids(request.user, page)
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [_case_out(c, c.pk in visible) for c in page],
    }


@router.get(
    "/cases/{int:case_id}",
    response={200: CaseDetailOut, 404: Problem},
    auth=django_auth,
    summary="One case",
)
def get_case(request: HttpRequest, case_id: int) -> Any:
    body = _detail(request.user, case_id)
    return _not_found() if body is None else Status(200, body)


Step = Callable[[Any, Case], Any]


def _step(request: HttpRequest, case_id: int, do: Step) -> Any:
    """access → act → respond: 404 unless visible, then the action, then the case as seen now."""
    user = request.user
    case = _staff_cases(user).filter(pk=case_id).first()
    if case is None:
        return _not_found()
    try:
        do(user, case)
    except _BadReference as bad:
        return _bad_reference(bad.field)
    except ActionError as exc:
        return _refusal(exc)
    body = _detail(user, case_id)
    if body is None:  # e.g. a department that returned the case no longer sees it
        return HttpResponse(status=204)
    return Status(200, body)


STEP_RESPONSES: dict[int, Any] = {
    200: CaseDetailOut,
    204: None,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
}


def _departments(ids: list[int], field: str) -> list[Department]:
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise _BadReference(field)
    return [found[i] for i in dict.fromkeys(ids)]


@router.post("/cases/{int:case_id}/accept", response=STEP_RESPONSES, auth=django_auth)
def accept(request: HttpRequest, case_id: int, payload: AcceptIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.accept_case(
            user,
            case=case,
            deputy=_ref(Deputy, payload.deputy_id, "deputy_id"),
            station=_ref(Station, payload.station_id, "station_id"),
            note=payload.note,
        ),
    )


@router.post("/cases/{int:case_id}/decline", response=STEP_RESPONSES, auth=django_auth)
def decline(request: HttpRequest, case_id: int, payload: DeclineIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.decline_case(
            user,
            case=case,
            rule=_ref(OutOfScopeRule, payload.rule_id, "rule_id"),
            note=payload.note,
        ),
    )


@router.post("/cases/{int:case_id}/merge", response=STEP_RESPONSES, auth=django_auth)
def merge(request: HttpRequest, case_id: int, payload: MergeIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.merge_case(
            user,
            case=case,
            into=_ref(Case, payload.into_id, "into_id", Case.objects.visible_to(user)),
        ),
    )


@router.post("/cases/{int:case_id}/reassign", response=STEP_RESPONSES, auth=django_auth)
def reassign(request: HttpRequest, case_id: int, payload: ReassignIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.reassign_case(
            user,
            case=case,
            deputy=_ref(Deputy, payload.deputy_id, "deputy_id"),
            station=_ref(Station, payload.station_id, "station_id"),
        ),
    )


@router.post("/cases/{int:case_id}/reply", response=STEP_RESPONSES, auth=django_auth)
def reply(request: HttpRequest, case_id: int, payload: TextIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.reply_to_case(user, case=case, text=payload.text),
    )


@router.post("/cases/{int:case_id}/refer", response=STEP_RESPONSES, auth=django_auth)
def refer(request: HttpRequest, case_id: int, payload: ReferIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.refer_case(
            user,
            case=case,
            lead=_ref(Department, payload.lead_id, "lead_id"),
            co=_departments(payload.co_ids, "co_ids"),
            note=payload.note,
            disclose_contact=payload.disclose_contact,
        ),
    )


@router.post("/cases/{int:case_id}/disclose", response=STEP_RESPONSES, auth=django_auth)
def disclose(request: HttpRequest, case_id: int) -> Any:
    return _step(request, case_id, lambda user, case: actions.disclose_contact(user, case=case))


@router.post("/cases/{int:case_id}/dept-accept", response=STEP_RESPONSES, auth=django_auth)
def dept_accept(request: HttpRequest, case_id: int) -> Any:
    return _step(request, case_id, lambda user, case: actions.department_accept(user, case=case))


@router.post("/cases/{int:case_id}/dept-return", response=STEP_RESPONSES, auth=django_auth)
def dept_return(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.department_return(user, case=case, reason=payload.reason),
    )


@router.post("/cases/{int:case_id}/reroute", response=STEP_RESPONSES, auth=django_auth)
def reroute(request: HttpRequest, case_id: int, payload: RerouteIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.reroute_case(
            user,
            case=case,
            lead=_ref(Department, payload.lead_id, "lead_id"),
            co=_departments(payload.co_ids, "co_ids"),
        ),
    )


@router.post("/cases/{int:case_id}/dept-answer", response=STEP_RESPONSES, auth=django_auth)
def dept_answer(request: HttpRequest, case_id: int, payload: AnswerIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.department_answer(
            user, case=case, text=payload.text, result_class=payload.result_class
        ),
    )


@router.post("/cases/{int:case_id}/report-back", response=STEP_RESPONSES, auth=django_auth)
def report_back(request: HttpRequest, case_id: int, payload: TextIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.report_back(user, case=case, text=payload.text),
    )


@router.post("/cases/{int:case_id}/rate", response=STEP_RESPONSES, auth=django_auth)
def rate(request: HttpRequest, case_id: int, payload: RateIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.rate_case(
            user,
            case=case,
            deputy_rating=payload.deputy_rating,
            department_rating=payload.department_rating,
            comment=payload.comment,
        ),
    )


@router.post("/cases/{int:case_id}/reopen", response=STEP_RESPONSES, auth=django_auth)
def reopen(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.reopen_case(user, case=case, reason=payload.reason),
    )


@router.post("/cases/{int:case_id}/chase", response=STEP_RESPONSES, auth=django_auth)
def chase(request: HttpRequest, case_id: int) -> Any:
    return _step(request, case_id, lambda user, case: actions.chase_case(user, case=case))


@router.post("/cases/{int:case_id}/notes", response=STEP_RESPONSES, auth=django_auth)
def notes(request: HttpRequest, case_id: int, payload: TextIn) -> Any:
    return _step(
        request,
        case_id,
        lambda user, case: actions.add_note(user, case=case, text=payload.text),
    )
