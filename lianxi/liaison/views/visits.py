"""Visits (deputies log, committee reviews), compliance with the liaison rules, rules,
exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.cases.actions import Intake
from lianxi.core.choices import Role
from lianxi.core.refusals import attempt
from lianxi.directory.models import Area, Deputy, Station
from lianxi.liaison import actions, exports
from lianxi.liaison.access import access_visit
from lianxi.liaison.actions.visits import RULE_FIELDS, VisitInput
from lianxi.liaison.choices import Light, VisitStatus
from lianxi.liaison.compliance import evaluate_many, rules_for, summary_counts
from lianxi.liaison.forms import CaseForm, RuleForm, VisitForm
from lianxi.liaison.models import Duty, Shift, Visit
from lianxi.liaison.policies import (
    can_edit_visit,
    can_list_visits,
    can_read_visit_notes,
    can_review_visits,
    can_see_compliance,
    can_set_rules,
    deputy_of,
)
from lianxi.liaison.views.common import signed_in, uploads

PER_PAGE = 25


@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not can_list_visits(user):
        raise Http404
    qs = (
        Visit.objects.visible_to(user)
        .select_related("author", "community")
        .prefetch_related("deputies")
    )
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison/work/visits.html",
        {
            "page": page,
            "status": status,
            "statuses": VisitStatus.choices,
            "is_deputy": deputy_of(user) is not None,
            "can_review": can_review_visits(user),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    deputy = deputy_of(signed_in(request))
    if deputy is None:
        raise Http404
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        deputy=deputy,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = VisitInput(
            date=d["date"],
            community=d["community"],
            method=d["method"],
            people_met=d["people_met"],
            people_note=d["people_note"],
            matters=d["matters"],
            co_deputies=list(d["co_deputies"]),
        )
        ok, visit = attempt(
            request,
            lambda: actions.log_visit(request.user, data=data, photos=uploads(request)),
            form,
            _("The visit was logged and sent for review."),
        )
        if ok:
            return redirect("liaison_work:visit", visit.pk)
    return render(
        request,
        "liaison/work/visit_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(signed_in(request), visit_id)
    return render(
        request,
        "liaison/work/visit.html",
        {
            "visit": visit,
            "deputies": visit.deputies.all(),
            "cases": visit.cases.all(),
            "photos": visit.photos.all(),
            "can_edit": can_edit_visit(request.user, visit),
            "notes_clear": can_read_visit_notes(request.user, visit),
            "can_review": can_review_visits(request.user) and visit.status == VisitStatus.SUBMITTED,
            "case_form": CaseForm(),
        },
    )


@require_POST
def review(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(signed_in(request), visit_id)
    approve = request.POST.get("approve") == "1"
    attempt(
        request,
        lambda: actions.review_visit(
            request.user, visit=visit, approve=approve, reason=request.POST.get("reason", "")
        ),
        None,
        _("Approved.") if approve else _("Returned to the deputy."),
    )
    return redirect("liaison_work:visit", visit.pk)


@require_POST
def visit_case(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(signed_in(request), visit_id)
    form = CaseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        intake = Intake(
            kind="opinion",
            title=d["title"],
            content=d["content"],
            channel="deputy",
            community=visit.community,
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
        )
        ok, case = attempt(
            request, lambda: actions.walkin_case(request.user, intake=intake, visit=visit)
        )
        if ok:
            messages.success(
                request, _("Case %(no)s was filed from this visit.") % {"no": case.tracking_number}
            )
    else:
        messages.error(
            request,
            _("A case needs a title of 4 to 80 characters and at least 10 characters of content."),
        )
    return redirect("liaison_work:visit", visit.pk)


def _scoped_deputies(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    user: Any = request.user
    qs = Deputy.objects.visible_to(user).filter(status="serving").select_related("constituency")
    station = area = None
    sid, aid = request.GET.get("station", ""), request.GET.get("area", "")
    if sid.isdigit():
        station = Station.objects.visible_to(user).filter(pk=int(sid)).first()
        if station is not None:
            qs = qs.filter(stations=station)
    if aid.isdigit():
        area = Area.objects.filter(pk=int(aid), level__lte=4).first()
        if area is not None:
            qs = qs.filter(constituency__prefix__startswith=area.prefix)
    return qs.order_by("name", "id"), {"station": station, "area": area}


def _year(request: HttpRequest, data: Any = None) -> int:
    raw = (data if data is not None else request.GET).get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return min(max(year, 2000), 2100)


@require_safe
def compliance_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not can_see_compliance(user):
        raise Http404
    year = _year(request)
    qs, filters = _scoped_deputies(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    standings = evaluate_many(list(page.object_list), year)
    # A deputy sees their own record: no station or district filters, the row open.
    own = user.role == Role.DEPUTY
    wide = user.role in {Role.COMMITTEE, Role.ADMIN}
    return render(
        request,
        "liaison/work/compliance.html",
        {
            "year": year,
            "page": page,
            "standings": standings,
            "counts": summary_counts(standings),
            "own": own,
            "stations": [] if own else Station.objects.visible_to(user).order_by("name")[:300],
            "districts": Area.objects.filter(level=3).order_by("code") if wide else [],
            "lights": Light.choices,
            "query": request.GET.urlencode(),
            "page_query": _without_page(request),
            **filters,
        },
    )


def _without_page(request: HttpRequest) -> str:
    """The filters of the list, for the pagination links (which add their own page)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not can_set_rules(user):
        raise Http404
    year = _year(request)
    form = RuleForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, _r = attempt(
            request,
            lambda: actions.save_rule(
                user, level=d["level"], year=d["year"], values={k: d[k] for k in RULE_FIELDS}
            ),
            form,
            _("The rule was saved."),
        )
        if ok:
            return redirect(f"{request.path}?year={d['year']}")
    applying = sorted(rules_for(year).values(), key=lambda r: r.level)
    return render(
        request,
        "liaison/work/rules.html",
        {
            "form": form,
            "year": year,
            "rules": applying,
            "inherited": sorted({r.year for r in applying if r.year != year}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def carry_rules_forward(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not can_set_rules(user):
        raise Http404
    year = _year(request, request.POST)
    attempt(
        request,
        lambda: actions.carry_rules_forward(user, year=year),
        None,
        _("The rules now apply to %(year)d as this year's own.") % {"year": year},
    )
    return redirect(f"{reverse('liaison_work:rules')}?year={year}")


@require_safe
def export(request: HttpRequest, kind: str) -> HttpResponse:
    user = signed_in(request)
    if user.role not in {Role.COMMITTEE, Role.ADMIN, Role.STATION_STAFF}:
        raise Http404
    year = _year(request)
    if kind in {"rota", "attendance"}:
        duties = (
            Duty.objects.filter(
                shift__in=Shift.objects.visible_to(user),
                shift__starts_at__year=year,
            )
            .select_related("shift__station", "deputy")
            .order_by("shift__starts_at")
        )
        if kind == "attendance":
            duties = duties.exclude(attendance="pending")
        header, rows = exports.rota_rows(duties[:20000])
    elif kind == "visits":
        visits = (
            Visit.objects.visible_to(user)
            .filter(date__year=year)
            .select_related("community")
            .prefetch_related("deputies", "cases")
        )
        header, rows = exports.visit_rows(visits[:20000], reader=deputy_of(user))
    elif kind == "compliance":
        qs, _filters = _scoped_deputies(request)
        header, rows = exports.compliance_rows(evaluate_many(list(qs[:2000]), year))
    else:
        raise Http404
    log(user, "liaison.export", None, {"kind": kind, "year": year, "rows": len(rows)})
    body = exports.workbook(kind, header, rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="liaison-{kind}-{year}.xlsx"'
    return response
