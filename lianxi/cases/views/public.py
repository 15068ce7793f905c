"""Public side of the ledger: online intake and tracking by number and code (the citizen's own
cases are in mine.py)."""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.accounts import actions as account_actions
from lianxi.audit.log import log
from lianxi.cases import actions
from lianxi.cases.attachments import attach_files
from lianxi.cases.choices import Outcome, ResultClass, Satisfaction
from lianxi.cases.forms.intake import CONTACT_ANONYMOUS, IntakeForm, TrackForm
from lianxi.cases.models import Case, CaseEvent, Referral
from lianxi.cases.throttle import too_many_tracking_tries
from lianxi.core.choices import Role
from lianxi.core.errors import RateLimited
from lianxi.core.refusals import attempt
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area
from lianxi.lib.masking import mask_text
from lianxi.lib.net import client_ip

SESSION_KEY = "cases.submitted"
WEB_KEY = "web:"  # the form token, as the filing's idempotency key
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,40}")
FORM_TOKEN_SECONDS = 24 * 3600
FORM_WAIT_SECONDS = 5.0


def _step_labels() -> dict[str, str]:
    return {
        "submitted": _("Received"),
        "accepted": _("Accepted and passed to a deputy"),
        "declined": _("Not accepted"),
        "merged": _("Merged with another matter"),
        "unmerged": _("Merge undone: handled on its own again"),
        "replied": _("The deputy answered"),
        "referred": _("Referred to a department"),
        "dept_accepted": _("The department took it on"),
        "dept_answered": _("The department answered"),
        "reported": _("The deputy reported back"),
        "rated": _("Rated"),
        "reopened": _("Reopened"),
        "chased": _("Answer pressed for"),
        "closed_unrated": _("Closed without rating"),
        "proposal": _("Answered through a deputy's suggestion"),
    }


def _citizen(request: HttpRequest) -> Any:
    user = request.user
    if user.is_authenticated and user.is_active and user.role == Role.CITIZEN:
        return user
    return None


def public_timeline(case: Case) -> list[dict[str, Any]]:
    """The public steps, with free text masked; never a name, phone or address."""
    labels = _step_labels()
    results = dict(ResultClass.choices)
    ratings = dict(Satisfaction.choices)
    outcomes = dict(Outcome.choices)
    rows = []
    for event in case.events.all():
        if not event.public:
            continue
        data = event.data or {}
        rows.append(
            {
                "at": event.at,
                "step": event.step,
                "label": labels.get(event.step, event.step),
                "actor": event.actor_label,
                "department": data.get("department", "") if event.step != "rated" else "",
                "deputy": data.get("deputy", "") if event.step == "accepted" else "",
                "due": data.get("due", ""),
                "result": results.get(data.get("result_class", ""), ""),
                "deputy_rating": ratings.get(data.get("deputy", ""), "")
                if event.step == "rated"
                else "",
                "department_rating": ratings.get(data.get("department", ""), "")
                if event.step == "rated"
                else "",
                "outcome": outcomes.get(data.get("outcome", ""), "")
                if event.step == "rated"
                else "",
                "text": mask_text(event.text or ""),
            }
        )
    return rows


def _with_timeline(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.select_related("category", "category__parent", "community").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.filter(public=True).order_by("at", "id")),
        Prefetch(
            "referrals", queryset=Referral.objects.select_related("department").order_by("id")
        ),
        "ratings",
        "attachments",
    )


# ---------------------------------------------------------------- intake


def _area_chain(form: IntakeForm) -> dict[str, Any]:
    """Districts, streets and communities to show in the cascading selects."""
    community = None
    raw = form["community"].value()
    if raw and str(raw).isdigit():
        community = Area.objects.select_related("parent").filter(pk=int(raw), level=5).first()
    street_id = community.parent_id if community else None
    district_id = community.parent.parent_id if community and community.parent else None
    return {
        "districts": Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code"),
        "streets": Area.objects.filter(parent_id=district_id, level=AreaLevel.STREET).order_by(
            "code"
        )
        if district_id
        else [],
        "communities": Area.objects.filter(parent_id=street_id, level=AreaLevel.COMMUNITY).order_by(
            "code"
        )
        if street_id
        else [],
        "district_id": district_id,
        "street_id": street_id,
        "community_id": community.pk if community else None,
    }


def _render_new(request: HttpRequest, form: IntakeForm, status: int = 200) -> HttpResponse:
    for name in form.errors:  # errors added after cleaning (from actions) mark the field too
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
    if form.is_bound:
        deputy, station = form.resolve_target(
            form["target_deputy"].value(), form["target_station"].value()
        )
    else:
        deputy, station = form.resolve_target(
            form.initial.get("target_deputy"), form.initial.get("target_station")
        )
    context = {
        "form": form,
        "form_token": _form_token(request) or secrets.token_urlsafe(18),
        "target_deputy": deputy,
        "target_station": station,
        "citizen": _citizen(request),
        "files_lost": form.is_bound and bool(request.FILES),
        **_area_chain(form),
    }
    return render(request, "cases/public/new.html", context, status=status)


def _form_token(request: HttpRequest) -> str:
    """The one-time token the form was given (a hidden field), if it looks like one."""
    token = request.POST.get("form_token") or ""
    return token if TOKEN.fullmatch(token) else ""


def _sent_before(request: HttpRequest, token: str) -> HttpResponse | None:
    """A form sent again (a double click, a resend): the first sending's answer, waiting a
    moment while it is still being filed. None: this is the first sending of the form."""
    if not token or cache.add(f"cases:form:{token}", 1, FORM_TOKEN_SECONDS):
        return None
    for _try in range(int(FORM_WAIT_SECONDS / 0.2)):
        submitted = actions.filed_with_key(actions.WEB_KEYS, WEB_KEY + token)
        if submitted is not None:
            return _show_submitted(request, submitted)
        time.sleep(0.2)
    return None  # the first did not file (refused, or lost): this one goes ahead


def _show_submitted(request: HttpRequest, submitted: actions.Submitted) -> HttpResponse:
    request.session[SESSION_KEY] = {
        "number": submitted.case.tracking_number,
        "code": submitted.query_code,
        "id": submitted.case.pk,
    }
    return redirect("cases:submitted")


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    token = _form_token(request) if request.method == "POST" else ""
    if request.POST.get("send_code"):
        return _new(request, "")
    answer = _sent_before(request, token)
    if answer is not None:
        return answer
    answer = _new(request, token)
    if token and answer.status_code != 302:  # not filed: the form may be sent again
        cache.delete(f"cases:form:{token}")
    return answer


def _new(request: HttpRequest, token: str) -> HttpResponse:
    citizen = _citizen(request)
    if request.method == "GET":
        deputy, station = IntakeForm.resolve_target(
            request.GET.get("deputy"), request.GET.get("station")
        )
        initial: dict[str, Any] = {"keep_target": True}
        if deputy is not None:
            initial["target_deputy"] = deputy.pk
        if station is not None:
            initial["target_station"] = station.pk
        if citizen is not None and citizen.home_community_id:
            initial["community"] = citizen.home_community_id
        return _render_new(request, IntakeForm(initial=initial, citizen=citizen))

    form = IntakeForm(request.POST, request.FILES, citizen=citizen)
    if request.POST.get("send_code"):  # the no-JavaScript way to ask for a code
        return _send_code(request, form)
    if not form.is_valid():
        return _render_new(request, form, status=400)
    data = form.cleaned_data
    actor: Any = citizen or AnonymousUser()
    anonymous = citizen is None and data.get("contact") == CONTACT_ANONYMOUS
    if citizen is None and not anonymous:
        # Verifying the code signs the citizen in; the case is filed under their account.
        verified = attempt(
            request,
            lambda: account_actions.verify_login_code(
                request.user, phone=data["phone"], code=data["code"]
            ),
            form,
            field="phone",
        )
        if not verified.ok:
            return _render_new(request, form, status=400)
        user = verified.result
        if user is None or user.role != Role.CITIZEN:
            form.add_error("code", _("The code is wrong or has expired. Ask for a new one."))
            return _render_new(request, form, status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        actor = user
    intake = actions.Intake(
        kind=data["kind"],
        title=data["title"],
        content=data["content"],
        channel="online",
        category=data["category"],
        community=data["community"],
        address=data["address"] if not anonymous else "",
        target_deputy=data["target_deputy_obj"],
        target_station=data["target_station_obj"],
        contact_name=data["contact_name"] if not anonymous else "",
        # The account's verified phone: the handlers can call back and SMS notices reach it.
        contact_phone=(getattr(actor, "phone", "") or "") if not anonymous else "",
        is_anonymous=anonymous,
        consent_to_publish=bool(data["consent_to_publish"]),
    )

    if not request.session.session_key:
        request.session.save()
    limits = {"address": client_ip(request), "session": request.session.session_key or ""}

    def file_case() -> actions.Submitted:
        try:
            with transaction.atomic():  # a refused file leaves no case behind
                submitted = actions.submit_case(
                    actor,
                    data=intake,
                    limits=limits,
                    idempotency_key=WEB_KEY + token if token else None,
                    key_scope=actions.WEB_KEYS,
                )
                # A replay (the form sent again after its answer was lost) has its files.
                if data["attachments"] and not submitted.replayed:
                    attach_files(
                        actor,
                        case=submitted.case,
                        files=data["attachments"],
                        query_code=submitted.query_code,
                    )
        except RateLimited as exc:
            # The action's own record of the refusal rolled back with this block: keep one.
            log(actor, "cases.submit", None, {"reason": exc.message}, outcome="denied")
            raise
        return submitted

    done = attempt(request, file_case, form)
    if not done.ok:
        response = _render_new(request, form, status=done.status)
        if isinstance(done.refusal, RateLimited):
            response["Retry-After"] = str(done.refusal.retry_after)
        return response
    return _show_submitted(request, done.result)


def _send_code(request: HttpRequest, form: IntakeForm) -> HttpResponse:
    form.is_valid()  # bind and clean, to re-show what was typed; the rest is not judged yet
    for name in list(form.errors):
        del form.errors[name]
        if name in form.fields:
            widget = form.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            widget.attrs["class"] = " ".join(c for c in classes if c != "is-invalid")
    phone = (request.POST.get("phone") or "").strip()
    done = attempt(
        request,
        lambda: account_actions.request_login_code(
            request.user, phone=phone, ip=client_ip(request)
        ),
        form,
        field="phone",
    )
    form.code_sent = done.ok  # type: ignore[attr-defined]
    form.code_wait = account_actions.seconds_before_next_code(phone)  # type: ignore[attr-defined]
    return _render_new(request, form, status=done.status_with(invalid=400))


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """htmx: send a one-time code to the phone typed in the intake form."""
    phone = (request.POST.get("phone") or "").strip()
    done = attempt(
        request,
        lambda: account_actions.request_login_code(
            request.user, phone=phone, ip=client_ip(request)
        ),
        flash=False,
    )
    message = _("A code has been sent. It is valid for 10 minutes.") if done.ok else done.message
    status = done.status_with(invalid=400)
    if getattr(request, "htmx", False):
        status = 200  # htmx swaps only 2xx answers; the message says what went wrong
    return render(
        request,
        "cases/public/_code_status.html",
        {
            "message": message,
            "ok": done.ok,
            "wait": account_actions.seconds_before_next_code(phone),
        },
        status=status,
    )


@require_safe
def submitted(request: HttpRequest) -> HttpResponse:
    info = request.session.pop(SESSION_KEY, None)
    if not info:
        return redirect("cases:track")
    return render(request, "cases/public/submitted.html", {"info": info})


# ---------------------------------------------------------------- tracking


def _too_many_tries(request: HttpRequest) -> bool:
    return too_many_tracking_tries(client_ip(request))


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """POST number + code → the public timeline. A missing number and a wrong code give the
    same answer; tries are limited per IP."""
    form = TrackForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "GET":
        return render(request, "cases/public/track.html", context)
    if _too_many_tries(request):
        context["error"] = _("Too many tries from this network. Wait ten minutes and try again.")
        return render(request, "cases/public/track.html", context, status=429)
    case = None
    if form.is_valid():
        found = actions.find_by_tracking(form.cleaned_data["number"], form.cleaned_data["code"])
        if found is not None:
            case = _with_timeline(Case.objects.filter(pk=found.pk)).first()
    if case is None:
        context["error"] = _(
            "No matter matches this tracking number and query code. Check both and try again."
        )
        return render(request, "cases/public/track.html", context, status=404)
    context.update(
        {
            "case": case,
            "title": mask_text(case.title),
            "timeline": public_timeline(case),
            "form": TrackForm(),
        }
    )
    return render(request, "cases/public/track.html", context)
