"""The committee dashboard, scoped to what the user may see: committee staff their
jurisdiction, deputies their own figures, station staff their stations, department handlers
their department; administrators everything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST, require_safe

from lianxi.audit.log import log
from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate
from lianxi.stats import actions, exports
from lianxi.stats.access import SCOPE_TABLE_LABELS, Scope, scope_for
from lianxi.stats.forms import FilterForm
from lianxi.stats.models import RefreshRun
from lianxi.stats.policies import can_export, can_refresh
from lianxi.stats.queries import (
    SCOPE_TABLE,
    Filters,
    dashboard,
    entity_rows,
    name_rows,
    proposal_figures,
)

PER_PAGE = 25
EXPORT_LIMIT = 5000


def _tables(scope: Scope) -> list[str]:
    if scope.kind in SCOPE_TABLE:
        return [SCOPE_TABLE[scope.kind]]
    return ["deputies", "stations", "departments"]


def _table(request: HttpRequest, scope: Scope) -> str:
    tables = _tables(scope)
    wanted = request.GET.get("table", "")
    return wanted if wanted in tables else tables[0]


def _filters(request: HttpRequest, scope: Scope) -> tuple[FilterForm, Filters]:
    form = FilterForm(request.GET or None, scope=scope)
    return form, form.filters()


@login_required
@require_safe
def dashboard_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form, filters = _filters(request, scope)
    table = _table(request, scope)
    page = paginate(request, entity_rows(scope, filters, table), PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("table", None)
    context = {
        "form": form,
        "scope": scope,
        "data": dashboard(scope, filters),
        "proposals": proposal_figures(scope, filters),
        "table": table,
        "tables": [(t, SCOPE_TABLE_LABELS[t]) for t in _tables(scope)],
        "page": page,
        "rows": name_rows(table, list(page.object_list)),
        "query": query.urlencode(),
        "run": RefreshRun.objects.first(),
        "can_export": can_export(request.user),
        "can_refresh": can_refresh(request.user),
    }
    return render(request, "stats/staff/dashboard.html", context)


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    if not can_export(request.user):
        raise Http404
    scope = scope_for(request.user)
    _form, filters = _filters(request, scope)
    table = _table(request, scope)
    rows = name_rows(table, list(entity_rows(scope, filters, table)[:EXPORT_LIMIT]))
    summary: list[tuple[str, Any]] = [
        (pgettext("time span", "Period"), f"{filters.start:%Y-%m} – {filters.end:%Y-%m}"),
        (_("Area"), filters.area.name if filters.area else _("All")),
        (_("Category"), filters.category.name if filters.category else _("All")),
    ]
    log(
        request.user,
        "stats.export",
        None,
        {
            "table": table,
            "rows": len(rows),
            "period": summary[0][1],
            "area": filters.area.pk if filters.area else None,
            "category": filters.category.pk if filters.category else None,
        },
    )
    body = exports.workbook(str(SCOPE_TABLE_LABELS[table]), summary, rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{table}-{filters.start:%Y%m}-{filters.end:%Y%m}.xlsx"'
    )
    return response


@login_required
@require_POST
def refresh_view(request: HttpRequest) -> HttpResponse:
    if not can_refresh(request.user):
        raise Http404
    done = attempt(request, lambda: actions.refresh_statistics(request.user, days=3))
    if done.ok:
        messages.success(
            request,
            _("Statistics refreshed: %(months)d months, %(cases)d cases.")
            % {"months": done.result.months, "cases": done.result.cases},
        )
    return redirect("stats_work:dashboard")
