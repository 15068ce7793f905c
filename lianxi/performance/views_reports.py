"""The annual performance report pages and the rankings, under /work/performance/.

A record's report: the deputy (or committee staff) makes the draft from the record, edits its
text with the figures beside it, downloads it as PDF or Word; staff make it final, and the
stored documents are served from then on. Staff see the reports of their jurisdiction for a
year and start a batch that renders all of them in the background (its progress polled by
htmx). The distribution page groups the year's scores by level, delegation, area or sector
with ECharts charts and exports them to .xlsx. Everything else answers 404."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.core.refusals import attempt
from lianxi.lib.documents import DOCX_TYPE, PDF_TYPE
from lianxi.lib.sheets import XLSX_CONTENT_TYPE
from lianxi.performance import actions_reports as actions
from lianxi.performance import ranking, reports
from lianxi.performance.access import access_record, require_staff
from lianxi.performance.choices import Grade
from lianxi.performance.forms_reports import BatchForm, ReportForm
from lianxi.performance.models import Record
from lianxi.performance.models_reports import AnnualReport, ReportBatch, ReportState
from lianxi.performance.views import _year, _years
from lianxi.portal.rendering import paginate

TEXT_FIELDS = ("title", "intro", "highlights", "plans")


def _report_of(record: Record) -> AnnualReport | None:
    return AnnualReport.objects.filter(record=record).select_related("finalised_by").first()


def _writable(request: HttpRequest, record_id: int) -> Record:
    record = access_record(request.user, record_id)
    if not actions.can_write(request.user, record):
        raise Http404
    return record


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = _writable(request, record_id)
    found = _report_of(record)
    figures = reports.gather(record)
    form = None
    status = 200
    if found is not None:
        initial = {f: getattr(found, f) for f in TEXT_FIELDS}
        form = ReportForm(request.POST or None, initial=initial)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                text = actions.ReportText(**{f: form.cleaned_data[f] for f in TEXT_FIELDS})
                done = attempt(
                    request,
                    lambda: actions.edit_report(user, report=found, text=text),
                    form,
                    _("The text was saved."),
                )
                if done.ok:
                    return redirect("performance:report", record.pk)
                status = done.status_with(invalid=400)
                found.refresh_from_db()
                if found.status != ReportState.DRAFT:
                    messages.error(request, done.message)
        if found.status != ReportState.DRAFT:
            form = None
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "performance/reports/report.html",
        {
            "record": record,
            "deputy": record.deputy,
            "year": record.year,
            "report": found,
            "form": form,
            "figures": figures,
            "can_finalise": actions.can_finalise(user, record),
        },
        status=status,
    )


@login_required
@require_POST
def report_new(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _writable(request, record_id)
    attempt(
        request,
        lambda: actions.create_report(request.user, record=record),
        success=_("The draft was made from the record: write its text in your own words."),
    )
    return redirect("performance:report", record.pk)


@login_required
@require_POST
def report_finalise(request: HttpRequest, record_id: int) -> HttpResponse:
    user: Any = request.user
    record = _writable(request, record_id)
    found = _report_of(record)
    if found is None or not actions.can_finalise(user, record):
        raise Http404
    if found.status != ReportState.DRAFT:
        return redirect("performance:report", record.pk)
    pdf, docx, figures = actions.render_final(found)
    attempt(
        request,
        lambda: actions.finalise_report(user, report=found, pdf=pdf, docx=docx, figures=figures),
        success=_("The report is final: its documents are stored as they are now."),
    )
    return redirect("performance:report", record.pk)


def _download(request: HttpRequest, record_id: int, fmt: str) -> FileResponse:
    record = access_record(request.user, record_id)
    try:
        body, name = reports.document(record, fmt)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    found = _report_of(record)
    final = found is not None and found.status == ReportState.FINAL
    log(
        request.user,
        "performance.export_report",
        record,
        {"format": fmt, "final": final, "bytes": len(body)},
    )
    response = FileResponse(
        io.BytesIO(body),
        as_attachment=True,
        filename=name,
        content_type=PDF_TYPE if fmt == "pdf" else DOCX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def report_pdf(request: HttpRequest, record_id: int) -> FileResponse:
    return _download(request, record_id, "pdf")


@login_required
@require_safe
def report_docx(request: HttpRequest, record_id: int) -> FileResponse:
    return _download(request, record_id, "docx")


# The year's reports of a jurisdiction, and their batches --------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    year = _year(request)
    form = BatchForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = attempt(
                request,
                lambda: actions.start_batch(user, year=year, fmt=form.cleaned_data["format"]),
                form,
                _("The batch is queued: its progress shows below."),
            )
            if done.ok:
                return redirect(f"{request.path}?year={year}")
    records = (
        Record.objects.visible_to(user)
        .filter(year=year, deputy__status="serving")
        .select_related("deputy__constituency", "annual_report")
    )
    q = (request.GET.get("q") or "").strip()[:40]
    if q:
        records = records.filter(Q(deputy__name__contains=q) | Q(deputy__delegation__contains=q))
    state = request.GET.get("state", "")
    if state == "none":
        records = records.filter(annual_report__isnull=True)
    elif state in ReportState.values:
        records = records.filter(annual_report__status=state)
    counts = dict(
        AnnualReport.objects.visible_to(user)
        .filter(record__year=year)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    batches = (
        ReportBatch.objects.visible_to(user)
        .filter(year=year)
        .select_related("area", "requested_by")
        .order_by("-created_at", "-pk")[:10]
    )
    return render(
        request,
        "performance/reports/list.html",
        {
            "year": year,
            "years": _years(year),
            "page": paginate(
                request, records.order_by("deputy__constituency__code", "deputy__name", "pk"), 50
            ),
            "q": q,
            "state": state,
            "drafts": counts.get(ReportState.DRAFT, 0),
            "finals": counts.get(ReportState.FINAL, 0),
            "form": form,
            "batches": batches,
        },
        status=status,
    )


def _batch(request: HttpRequest, batch_id: int) -> ReportBatch:
    require_staff(request.user)
    found = (
        ReportBatch.objects.visible_to(request.user)
        .select_related("area", "requested_by")
        .filter(pk=batch_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_safe
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """One batch's progress: the row the list page polls while it is working."""
    return render(request, "performance/reports/_batch.html", {"b": _batch(request, batch_id)})


@login_required
@require_safe
def batch_file(request: HttpRequest, batch_id: int) -> FileResponse:
    found = _batch(request, batch_id)
    if not found.archive:
        raise Http404
    try:
        handle = found.archive.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    log(request.user, "performance.export_batch", found, {"year": found.year})
    name = _("%(year)d annual performance reports") % {"year": found.year}
    return FileResponse(
        handle, as_attachment=True, filename=f"{name}.zip", content_type="application/zip"
    )


# Rankings and distributions ---------------------------------------------------------------


def _ranking_args(request: HttpRequest) -> tuple[int, str, str]:
    year = _year(request)
    by = request.GET.get("by", "")
    by = by if by in ranking.DIMENSIONS else "level"
    group = (request.GET.get("group") or "").strip()[:60]
    return year, by, group


@login_required
@require_safe
def distribution(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    year, by, group = _ranking_args(request)
    found = ranking.rows(user, year)
    grouped = ranking.groups(found, by)
    members = [r for r in found if ranking.key_of(r, by) == group] if group else []
    chosen = next((g for g in grouped if g.key == group), None)
    counts = ranking.grade_counts(found)
    return render(
        request,
        "performance/reports/distribution.html",
        {
            "year": year,
            "years": _years(year),
            "by": by,
            "dimensions": list(ranking.DIMENSIONS.items()),
            "groups": grouped,
            "group": chosen,
            "page": paginate(request, ranking.ranked(members), 50) if chosen else None,
            "total": len(found),
            "bands": [(v, label, counts[v]) for v, label in Grade.choices],
            "unscored": counts[""],
            "charts": ranking.chart_data(found, by, grouped),
            "scope": ranking.scope_area(user),
        },
    )


@login_required
@require_safe
def distribution_xlsx(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    year, by, group = _ranking_args(request)
    found = ranking.rows(user, year)
    grouped = ranking.groups(found, by)
    if group:
        found = [r for r in found if ranking.key_of(r, by) == group]
    scope = ranking.scope_area(user)
    filters: list[tuple[str, Any]] = [
        (_("Year"), year),
        (_("Grouped by"), str(ranking.DIMENSIONS[by])),
        (_("Area"), scope.name if scope else _("All areas")),
    ]
    if group:
        filters.append((_("Group"), ranking.label_of(group, by)))
    body = ranking.workbook(found, by, grouped, filters)
    log(user, "performance.export_ranking", None, {"year": year, "by": by, "rows": len(found)})
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    name = _("Performance scores %(year)d") % {"year": year}
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    return response
