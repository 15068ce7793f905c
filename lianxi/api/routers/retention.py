"""A citizen's request to delete their personal data (PIPL 第四十七条): the citizen files it
and follows it; committee staff of their area (and administrators) list and decide them, as
on the pages /privacy/deletion/ and /work/retention/requests/ (lianxi/retention)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.examples import example
from lianxi.api.problems import ACTS, ACTS_ON, answers
from lianxi.core.errors import NotAllowed
from lianxi.retention import actions
from lianxi.retention.models import DeletionRequest, RequestStatus
from lianxi.retention.policies import can_file_request, can_handle_requests

router = Router(tags=["retention"], auth=django_auth)


class DeletionRequestOut(Schema):
    id: int
    status: str
    reason: str
    filed_at: datetime
    handled_at: datetime | None
    answer: str
    cases_anonymised: int
    open_cases: int = Field(0, description="the citizen's matters still being handled (staff)")


class DeletionRequestIn(Schema):
    model_config = example(reason="我已搬离本市，请删除我的个人信息。")

    reason: str = Field("", max_length=1000)


class DeletionDecisionIn(Schema):
    model_config = example(answer="您的事项均已办结，个人信息已删除。")

    answer: str = Field("", max_length=1000)


class DeletionFilters(Schema):
    status: RequestStatus | None = None
    offset: Offset = 0
    limit: Limit = 50


def _out(request: DeletionRequest, staff: bool) -> dict[str, Any]:
    return {
        "id": request.pk,
        "status": request.status,
        "reason": request.reason,
        "filed_at": request.filed_at,
        "handled_at": request.handled_at,
        "answer": request.answer,
        "cases_anonymised": request.cases_anonymised,
        "open_cases": actions.open_cases(request.citizen) if staff else 0,
    }


@router.get(
    "/privacy/deletion-requests",
    response=answers(list[DeletionRequestOut], 403),
    summary="Deletion requests: a citizen's own, or those staff handle",
)
def list_requests(request: HttpRequest, filters: Query[DeletionFilters]) -> Any:
    user = request.user
    staff = can_handle_requests(user)
    if not staff and not can_file_request(user):
        raise NotAllowed(gettext("You may not handle this request."))
    qs = DeletionRequest.objects.visible_to(user).select_related("citizen")
    if filters.status:
        qs = qs.filter(status=filters.status)
    offset, limit = filters.offset, min(max(filters.limit, 1), 100)
    return [_out(r, staff) for r in qs.order_by("-filed_at", "-pk")[offset : offset + limit]]


@router.post(
    "/privacy/deletion-requests",
    response=answers(DeletionRequestOut, *ACTS, status=201),
    summary="Ask for my personal data to be deleted",
)
def file_request(request: HttpRequest, payload: DeletionRequestIn) -> Any:
    made = actions.file_request(request.user, reason=payload.reason)
    return Status(201, _out(made, False))


def _visible(request: HttpRequest, deletion_id: int) -> DeletionRequest:
    found = DeletionRequest.objects.visible_to(request.user).filter(pk=deletion_id).first()
    if found is None or not can_handle_requests(request.user):
        raise Http404
    return found


@router.post(
    "/privacy/deletion-requests/{deletion_id}/approve",
    response=answers(DeletionRequestOut, *ACTS_ON),
    summary="Approve: delete the citizen's personal data",
)
def approve(request: HttpRequest, deletion_id: Id, payload: DeletionDecisionIn) -> Any:
    found = _visible(request, deletion_id)
    done = actions.approve_request(request.user, found, answer=payload.answer)
    return _out(done, True)


@router.post(
    "/privacy/deletion-requests/{deletion_id}/refuse",
    response=answers(DeletionRequestOut, *ACTS_ON),
    summary="Refuse, with the reason the citizen is told",
)
def refuse(request: HttpRequest, deletion_id: Id, payload: DeletionDecisionIn) -> Any:
    found = _visible(request, deletion_id)
    done = actions.refuse_request(request.user, found, answer=payload.answer)
    return _out(done, True)
