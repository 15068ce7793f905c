"""Signed-in users' cases: the list, one case, and one endpoint per workflow step. A step runs
on a case the user sees (else 404) and answers the case as the user sees it afterwards (204
when they no longer see it, e.g. a department that returned it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Status

from lianxi.api.bounds import Id
from lianxi.api.problems import answers, api_fields, chosen, no_such_choice
from lianxi.api.routers.cases.out import case_out, detail_out, staff_cases
from lianxi.api.routers.cases.router import FIELD_NAMES, router
from lianxi.api.routers.cases.schemas import (
    AcceptIn,
    AppealDecisionIn,
    CaseDetailOut,
    CaseFilters,
    CasePage,
    ContactOut,
    DeclineIn,
    DepartmentAnswerIn,
    MergeIn,
    RateIn,
    ReasonIn,
    ReassignIn,
    ReferIn,
    RerouteIn,
    RevealIn,
    TextIn,
)
from lianxi.api.steps import steps
from lianxi.cases import actions, appeals, publish
from lianxi.cases.models import Case, OutOfScopeRule
from lianxi.cases.policies import contact_visible_ids
from lianxi.cases.reveal import reveal_contact
from lianxi.directory.models import Department, Deputy, Station

STEP = answers(CaseDetailOut, 403, 404, 409, 422) | {204: None}


@router.get("/cases", response=CasePage, summary="Cases visible to me")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    qs = staff_cases(request.user)
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
        "items": [case_out(c, c.pk in visible, request.user) for c in page],
    }


@router.get(
    "/cases/{int:case_id}",
    response=answers(CaseDetailOut, 404),
    summary="One case",
)
def get_case(request: HttpRequest, case_id: Id) -> Any:
    return Status(200, detail_out(request.user, case_id))


@router.post(
    "/cases/{int:case_id}/reveal",
    response=answers(ContactOut, 403, 404, 409, 422, 429),
    summary="Reveal the citizen's contact",
)
def reveal(request: HttpRequest, case_id: Id, payload: RevealIn) -> Any:
    """The citizen's name, phone and address in full, which every other answer masks. Only for
    those who work on the case (its deputy, its station's staff, the committee staff of its
    jurisdiction; a department's handlers while their unit works on it after the deputy
    disclosed the contact), with a reason; audited with the reason, at most
    CONTACT_REVEALS_PER_HOUR reveals per user and hour (429 with Retry-After)."""
    case = get_object_or_404(staff_cases(request.user), pk=case_id)
    contact = reveal_contact(request.user, case=case, reason=payload.reason)
    return Status(
        200,
        {"contact_name": contact.name, "contact_phone": contact.phone, "address": contact.address},
    )


def _step(request: HttpRequest, case_id: Id, do: Callable[[Any, Case], Any]) -> Any:
    """access → act → respond."""
    user = request.user
    case = get_object_or_404(staff_cases(user), pk=case_id)
    with api_fields(FIELD_NAMES):
        do(user, case)
    try:
        return Status(200, detail_out(user, case_id))
    except Http404:  # the step took the case out of the user's sight
        return HttpResponse(status=204)


def _departments(ids: list[int], field: str) -> list[Department]:
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise no_such_choice(field)
    return [found[i] for i in dict.fromkeys(ids)]


step = steps(router, "/cases", "case_id", run=_step, response=STEP)


@step("accept")
def accept(user: Any, case: Case, payload: AcceptIn) -> Any:
    return actions.accept_case(
        user,
        case=case,
        deputy=chosen(Deputy, payload.deputy_id, "deputy_id"),
        station=chosen(Station, payload.station_id, "station_id"),
        note=payload.note,
    )


@step("decline")
def decline(user: Any, case: Case, payload: DeclineIn) -> Any:
    rule = chosen(OutOfScopeRule, payload.rule_id, "rule_id")
    return actions.decline_case(user, case=case, rule=rule, note=payload.note)


@step("merge")
def merge(user: Any, case: Case, payload: MergeIn) -> Any:
    into = chosen(Case.objects.visible_to(user), payload.into_id, "into_id")
    return actions.merge_case(user, case=case, into=into)


@step("reassign")
def reassign(user: Any, case: Case, payload: ReassignIn) -> Any:
    deputy = chosen(Deputy, payload.deputy_id, "deputy_id")
    station = chosen(Station, payload.station_id, "station_id")
    return actions.reassign_case(user, case=case, deputy=deputy, station=station)


@step("reply")
def reply(user: Any, case: Case, payload: TextIn) -> Any:
    return actions.reply_to_case(user, case=case, text=payload.text)


@step("refer")
def refer(user: Any, case: Case, payload: ReferIn) -> Any:
    return actions.refer_case(
        user,
        case=case,
        lead=chosen(Department, payload.lead_id, "lead_id"),
        co=_departments(payload.co_ids, "co_ids"),
        note=payload.note,
        disclose_contact=payload.disclose_contact,
    )


@step("disclose")
def disclose(user: Any, case: Case) -> Any:
    return actions.disclose_contact(user, case=case)


@step("dept-accept")
def dept_accept(user: Any, case: Case) -> Any:
    return actions.department_accept(user, case=case)


@step("dept-return")
def dept_return(user: Any, case: Case, payload: ReasonIn) -> Any:
    return actions.department_return(user, case=case, reason=payload.reason)


@step("reroute")
def reroute(user: Any, case: Case, payload: RerouteIn) -> Any:
    lead = chosen(Department, payload.lead_id, "lead_id")
    co = _departments(payload.co_ids, "co_ids")
    return actions.reroute_case(user, case=case, lead=lead, co=co)


@step("dept-answer")
def dept_answer(user: Any, case: Case, payload: DepartmentAnswerIn) -> Any:
    text, result_class = payload.text, payload.result_class
    return actions.department_answer(user, case=case, text=text, result_class=result_class)


@step("report-back")
def report_back(user: Any, case: Case, payload: TextIn) -> Any:
    return actions.report_back(user, case=case, text=payload.text)


@step("rate")
def rate(user: Any, case: Case, payload: RateIn) -> Any:
    return actions.rate_case(
        user,
        case=case,
        deputy_rating=payload.deputy_rating,
        department_rating=payload.department_rating,
        comment=payload.comment,
    )


@step("reopen")
def reopen(user: Any, case: Case, payload: ReasonIn) -> Any:
    return actions.reopen_case(user, case=case, reason=payload.reason)


@step("chase")
def chase(user: Any, case: Case) -> Any:
    return actions.chase_case(user, case=case)


@step("publish")
def publish_case(user: Any, case: Case) -> Any:
    return publish.publish_case(user, case=case)


@step("hold-publication")
def hold_publication(user: Any, case: Case, payload: ReasonIn) -> Any:
    return publish.hold_publication(user, case=case, reason=payload.reason)


@step("appeal-rating")
def appeal_rating(user: Any, case: Case, payload: ReasonIn) -> Any:
    """The department that answered disputes the citizen's rating of its result (B7)."""
    return appeals.appeal_rating(user, case=case, reason=payload.reason)


@step("decide-appeal")
def decide_appeal(user: Any, case: Case, payload: AppealDecisionIn) -> Any:
    """Committee staff uphold (the rating leaves the scores) or reject the pending appeal."""
    uphold = payload.decision == "uphold"
    return appeals.decide_pending(user, case, uphold=uphold, reason=payload.reason)


@step("notes")
def notes(user: Any, case: Case, payload: TextIn) -> Any:
    return actions.add_note(user, case=case, text=payload.text)
