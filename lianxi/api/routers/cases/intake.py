"""Filing a case (anyone) and tracking it by number and query code (public)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext
from ninja import Header, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from lianxi.api.problems import BadRequest, answers, api_fields, chosen
from lianxi.api.routers.cases.out import public_out
from lianxi.api.routers.cases.router import FIELD_NAMES, router
from lianxi.api.routers.cases.schemas import CaseIn, PublicCaseOut, SubmittedOut
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.throttle import TRACK_WINDOW, too_many_tracking_tries
from lianxi.core.errors import RateLimited
from lianxi.directory.models import Area, Category, Deputy, Station
from lianxi.lib.net import client_ip


@router.post(
    "/cases",
    response=answers(SubmittedOut, 400, 403, 409, 429, status=201),
    auth=None,
    summary="File a case",
)
def submit(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=100,
        description="required: a new random key per case (a UUID), the same on a retry",
    ),
) -> Any:
    """Anyone may file. A signed-in citizen's session makes them the owner (CSRF-checked).
    An `Idempotency-Key` header is required (400 without): the same key and body give the
    same case and the same 201 body (with `Idempotent-Replayed: true`); the same key with
    another body answers 422, and while the first request is still running, 409. Filings
    are limited per client (address, or account when signed in) and per phone: past a limit,
    429 with `Retry-After`."""
    if not idempotency_key:
        message = gettext("Send an Idempotency-Key header: a new random key for each case.")
        raise BadRequest(message, field="Idempotency-Key")
    user = request.user
    if getattr(user, "is_authenticated", False):
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
    else:
        user = AnonymousUser()
    data = actions.Intake(
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
        channel="api",
        category=chosen(
            Category.objects.filter(is_active=True), payload.category_id, "category_id"
        ),
        community=chosen(Area, payload.community_id, "community_id"),
        address=payload.address.strip(),
        target_deputy=chosen(Deputy.objects.public(), payload.deputy_id, "deputy_id"),
        target_station=chosen(Station.objects.public(), payload.station_id, "station_id"),
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        is_anonymous=payload.anonymous,
        consent_to_publish=payload.consent_to_publish,
    )
    who = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else client_ip(request)
    with api_fields(FIELD_NAMES):
        submitted = actions.submit_case(
            user, data=data, idempotency_key=idempotency_key, limits={"client": "api:" + who}
        )
    response = JsonResponse(submitted.response(), status=201)
    if submitted.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@router.get(
    "/cases/track",
    response=answers(PublicCaseOut, 404, 429),
    auth=None,
    summary="Track a case (public)",
)
def track(request: HttpRequest, number: str = "", code: str = "") -> Any:
    """The public view of one case for its tracking number and query code: public steps only,
    no contact data, phone and ID numbers in the text masked. Unknown number and wrong code
    answer the same 404; tries are limited per client address (shared with the page)."""
    if too_many_tracking_tries(client_ip(request)):
        message = gettext("Too many tries from this network. Wait ten minutes and try again.")
        raise RateLimited(message, retry_after=TRACK_WINDOW)
    case = actions.find_by_tracking(number[:40], code[:40])
    if case is None:
        raise Http404
    return Status(200, public_out(Case.objects.select_related("category").get(pk=case.pk)))
