"""The annual report of liaison work: staff make a draft for a year, edit its text with the
figures beside it, preview it as PDF or Word, and make it final (the documents are then
stored as they are); the public downloads final reports from /stories/reports/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.log import log
from lianxi.core.refusals import attempt
from lianxi.lib.documents import DOCX_TYPE, PDF_TYPE, render_docx, render_pdf
from lianxi.portal.rendering import paginate
from lianxi.publicity import actions, annual
from lianxi.publicity.access import access_managed_report, access_report
from lianxi.publicity.forms import NewReportForm, ReportForm
from lianxi.publicity.models import AnnualReport, ReportStatus
from lianxi.publicity.policies import is_publicity_staff


def _require_staff(user: Any) -> None:
    if not is_publicity_staff(user):
        raise Http404


def _document(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_reports(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_staff(user)
    form = NewReportForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        ok, made = attempt(
            request,
            lambda: actions.create_report(user, year=form.cleaned_data["year"]),
            form,
            _("The draft report was made from the year's figures: write its text."),
        )
        if ok:
            return redirect("publicity_work:report", made.pk)
    qs = AnnualReport.objects.managed_by(user).select_related("area").order_by("-year", "pk")
    return render(
        request,
        "publicity/staff/reports.html",
        {"form": form, "page": paginate(request, qs, 20)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    user: Any = request.user
    report = access_managed_report(user, report_id)
    initial = {f: getattr(report, f) for f in ("title", "foreword", "highlights", "plans")}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and report.status == ReportStatus.DRAFT and form.is_valid():
        text = actions.ReportText(**{f: form.cleaned_data[f] for f in initial})
        ok, _r = attempt(
            request,
            lambda: actions.edit_report(user, report, text=text),
            form,
            _("The text was saved."),
        )
        if ok:
            return redirect("publicity_work:report", report.pk)
    context = {"report": report, "form": form, "figures": annual.gather(report)}
    return render(
        request,
        "publicity/staff/report.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _render(
    request: HttpRequest, report: AnnualReport, fmt: str, *, final: bool | None = None
) -> bytes:
    built = annual.build(report, annual.gather(report), author=str(request.user), final=final)
    return render_pdf(built) if fmt == "pdf" else render_docx(built)


def _preview(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse | FileResponse:
    user: Any = request.user
    report = access_managed_report(user, report_id)
    if report.status == ReportStatus.FINAL:
        return _stored(report, fmt)
    body = _render(request, report, fmt)
    log(user, "publicity.export_report", report, {"format": fmt, "final": False})
    kind = PDF_TYPE if fmt == "pdf" else DOCX_TYPE
    return _document(body, kind, f"annual-report-{report.year}-draft.{fmt}")


@login_required
@require_safe
def preview_pdf(request: HttpRequest, report_id: int) -> HttpResponse | FileResponse:
    return _preview(request, report_id, "pdf")


@login_required
@require_safe
def preview_docx(request: HttpRequest, report_id: int) -> HttpResponse | FileResponse:
    return _preview(request, report_id, "docx")


@login_required
@require_POST
def report_finalise(request: HttpRequest, report_id: int) -> HttpResponse:
    user: Any = request.user
    report = access_managed_report(user, report_id)
    if report.status != ReportStatus.DRAFT:
        return redirect("publicity_work:report", report.pk)
    pdf = _render(request, report, "pdf", final=True)
    docx = _render(request, report, "docx", final=True)
    attempt(
        request,
        lambda: actions.finalise_report(user, report, pdf=pdf, docx=docx),
        success=_("The report is final and published for download."),
    )
    return redirect("publicity_work:report", report.pk)


def _stored(report: AnnualReport, fmt: str) -> HttpResponse | FileResponse:
    stored = report.pdf if fmt == "pdf" else report.docx
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"annual-report-{report.year}.{fmt}",
        content_type=PDF_TYPE if fmt == "pdf" else DOCX_TYPE,
    )


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    qs = AnnualReport.objects.final().select_related("area").order_by("-year", "area__code")
    return render(request, "publicity/public/reports.html", {"page": paginate(request, qs, 20)})


def _public(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse | FileResponse:
    report = access_report(request.user, report_id)
    if report.status != ReportStatus.FINAL:
        raise Http404
    return _stored(report, fmt)


@require_safe
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse | FileResponse:
    return _public(request, report_id, "pdf")


@require_safe
def report_docx(request: HttpRequest, report_id: int) -> HttpResponse | FileResponse:
    return _public(request, report_id, "docx")
