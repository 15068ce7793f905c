"""Open311 GeoReport v2 (JSON only): services are the active second-level categories; the list
of requests holds published cases only, as the public pages do; a case filed through Open311 is
also found by its number (which only its filer was given), without its place, with tries per
client address limited like tracking.

Reviewed csrf_exempt allowlist: `requests_view` only (its POST authenticates by `api_key`, never
by a session cookie; its GET changes nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from lianxi.api.bounds import FIRST_DAY, LAST_DAY
from lianxi.cases import actions
from lianxi.cases.choices import Channel, Kind
from lianxi.cases.keys import client_for_key
from lianxi.cases.models import Case, Referral
from lianxi.cases.routing import place_for
from lianxi.cases.throttle import too_many_tracking_tries
from lianxi.cases.workflow import OPEN_STATES
from lianxi.core.errors import ActionError, RateLimited
from lianxi.directory.models import Category
from lianxi.lib.masking import mask_text
from lianxi.lib.net import client_ip

MAX_REQUESTS = 1000
MAX_BY_NUMBER = 20  # numbers per look-up: each counts as a try at guessing
DEFAULT_DAYS = 90
SPEC = "http://wiki.open311.org/GeoReport_v2"


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status)


def _only_json(fmt: str) -> JsonResponse | None:
    return None if fmt == "json" else _error(400, _("Only the JSON format is supported."))


def _services() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True, level=2).select_related("parent")


@require_GET
def discovery(request: HttpRequest, fmt: str) -> JsonResponse:
    if (refused := _only_json(fmt)) is not None:
        return refused
    return _json(
        {
            "changeset": "2026-01-01T00:00:00Z",
            "contact": _("People's congress liaison platform"),
            "key_service": _("Ask the platform's administrators for an API key."),
            "endpoints": [
                {
                    "specification": SPEC,
                    "url": request.build_absolute_uri("/open311/v2"),
                    "changeset": "2026-01-01T00:00:00Z",
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@require_GET
def services(request: HttpRequest, fmt: str) -> JsonResponse:
    if (refused := _only_json(fmt)) is not None:
        return refused
    return _json(
        [
            {
                "service_code": c.code,
                "service_name": c.name,
                "description": "",
                "metadata": False,
                "type": "realtime",
                "keywords": ",".join(c.keywords.split()),
                "group": c.parent.name if c.parent else "",
            }
            for c in _services()
        ]
    )


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> JsonResponse:
    if (refused := _only_json(fmt)) is not None:
        return refused
    if not _services().filter(code=code).exists():
        return _error(404, _("No such service."))
    return _json({"service_code": code, "attributes": []})


def _public_requests() -> QuerySet[Case]:
    return (
        Case.objects.filter(is_published=True)
        .select_related("category", "community__parent", "station")
        .prefetch_related(Prefetch("referrals", Referral.objects.select_related("department")))
        .order_by("-submitted_at", "-id")
    )


def _findable_requests() -> QuerySet[Case]:
    """By number: published cases, and those filed through Open311 (their filer has the number)."""
    return (
        Case.objects.filter(Q(is_published=True) | Q(channel=Channel.OPEN311))
        .select_related("category", "community__parent", "station")
        .prefetch_related(Prefetch("referrals", Referral.objects.select_related("department")))
    )


def _lead(case: Case) -> Any:
    """The lead department's current referral (prefetched by `_public_requests`)."""
    leads = [r for r in case.referrals.all() if r.role == "lead" and r.status != "withdrawn"]
    return max(leads, key=lambda r: r.pk) if leads else None


def _station_name(case: Case) -> str:
    return case.station.name if case.station else ""


def _expected(day: Any) -> str | None:
    """The answer's due date, as the end of that day in the platform's time zone."""
    if day is None:
        return None
    return timezone.make_aware(
        datetime.combine(day, datetime.max.time().replace(microsecond=0))
    ).isoformat()


def _request_out(case: Case) -> dict[str, Any]:
    """What the public may see: the text only when the citizen consented and staff published
    it (masked even then); the location only to street level; never contact data."""
    street = case.community.parent if case.community and case.is_published else None
    updated = max(
        filter(None, [case.submitted_at, case.accepted_at, case.reported_at, case.closed_at])
    )
    lead = _lead(case)
    return {
        "service_request_id": case.tracking_number,
        "status": "open" if case.status in OPEN_STATES else "closed",
        "status_notes": str(case.get_status_display()),
        "service_name": case.category.name if case.category else "",
        "service_code": case.category.code if case.category else "",
        "description": mask_text(case.content) if case.is_published else "",
        "agency_responsible": lead.department.name if lead else _station_name(case),
        "service_notice": "",
        "requested_datetime": case.submitted_at.isoformat(),
        "updated_datetime": updated.isoformat(),
        "expected_datetime": _expected(lead.due_date if lead else case.due_date),
        "address": street.full_name if street else "",
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _parse_when(value: str) -> datetime | None:
    value = value.strip().replace(" ", "+")  # a '+' of the offset arrives as a space
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        parsed = datetime(day.year, day.month, day.day)
    if not FIRST_DAY <= parsed.date() <= LAST_DAY:  # year 1 or 9999 overflows with an offset
        raise ValueError(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list_requests(request: HttpRequest) -> JsonResponse:
    qs = _public_requests()
    params = request.GET
    if params.get("service_request_id"):
        if too_many_tracking_tries(client_ip(request)):
            return _error(
                429, _("Too many tries from this network. Wait ten minutes and try again.")
            )
        ids = [i.strip() for i in params["service_request_id"].split(",")][:MAX_BY_NUMBER]
        found = _findable_requests().filter(tracking_number__in=ids)
        return _json([_request_out(c) for c in found])
    try:
        start = _parse_when(params["start_date"]) if params.get("start_date") else None
        end = _parse_when(params["end_date"]) if params.get("end_date") else None
    except ValueError:
        return _error(400, _("start_date and end_date must be W3C date-times."))
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    if params.get("service_code"):
        qs = qs.filter(category__code__in=params["service_code"].split(","))
    status = params.get("status", "")
    if status:
        wanted = set(status.split(","))
        if not wanted <= {"open", "closed"}:
            return _error(400, _("status must be open or closed."))
        if wanted == {"open"}:
            qs = qs.filter(status__in=OPEN_STATES)
        elif wanted == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATES)
    return _json([_request_out(c) for c in qs[:MAX_REQUESTS]])


def _create_request(request: HttpRequest) -> JsonResponse:
    form = request.POST
    client = client_for_key(form.get("api_key"))
    if client is None:
        return _error(403, _("A valid api_key is required."))
    category = _services().filter(code=form.get("service_code", "")).first()
    if category is None:
        return _error(400, _("service_code: no such service."))
    lat, long, address = form.get("lat", ""), form.get("long", ""), form.get("address_string", "")
    lat_f = long_f = None
    if lat or long:
        try:
            lat_f, long_f = float(lat), float(long)
        except ValueError:
            return _error(400, _("lat and long must be numbers."))
        if not (-90 <= lat_f <= 90 and -180 <= long_f <= 180):
            return _error(400, _("lat and long are out of range."))
    if not address and lat_f is None:
        return _error(400, _("Give lat and long, or address_string."))
    # Routed like any case: to the community it names or the nearest station, else triage.
    community, station = place_for(address, lat_f, long_f)
    if not address:
        address = f"{lat_f:.6f},{long_f:.6f}"
    description = form.get("description", "").strip()
    name = (form.get("last_name", "") + form.get("first_name", "")).strip()
    data = actions.Intake(
        kind=Kind.HELP,
        title=description[:30],
        content=description,
        channel=Channel.OPEN311,
        category=category,
        community=community,
        target_station=station,
        address=address[:300],
        latitude=None if lat_f is None else Decimal(f"{lat_f:.6f}"),
        longitude=None if long_f is None else Decimal(f"{long_f:.6f}"),
        contact_name=name,
        contact_phone=form.get("phone", ""),
        via=f"open311:{client.name}",
    )
    try:
        submitted = actions.submit_case(
            AnonymousUser(), data=data, limits={"client": f"open311:{client.pk}"}
        )
    except RateLimited as exc:
        refused = _error(429, exc.message)
        refused["Retry-After"] = str(exc.retry_after)
        return refused
    except ActionError as exc:
        field = {"title": "description", "content": "description", "contact_phone": "phone"}.get(
            exc.field or "", exc.field
        )
        return _error(400, f"{field}: {exc.message}" if field else exc.message)
    notice = _("Keep the query code %(code)s to follow this request.") % {
        "code": submitted.query_code
    }
    return _json(
        [
            {
                "service_request_id": submitted.case.tracking_number,
                "service_notice": notice,
                "account_id": None,
            }
        ]
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request: HttpRequest, fmt: str) -> JsonResponse:
    if (refused := _only_json(fmt)) is not None:
        return refused
    return _create_request(request) if request.method == "POST" else _list_requests(request)


@require_GET
def request_detail(request: HttpRequest, number: str, fmt: str) -> JsonResponse:
    if (refused := _only_json(fmt)) is not None:
        return refused
    if too_many_tracking_tries(client_ip(request)):
        return _error(429, _("Too many tries from this network. Wait ten minutes and try again."))
    case = _findable_requests().filter(tracking_number=number).first()
    if case is None:
        return _error(404, _("No such request."))
    return _json([_request_out(case)])
