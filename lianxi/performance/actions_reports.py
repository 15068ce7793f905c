"""Changes to the deputy's annual performance report: the draft made from the record, its text
edited by the deputy or committee staff, made final by staff (both documents stored as they
are, the figures kept), and the batch that renders a year's reports for a jurisdiction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.performance import reports
from lianxi.performance.models import Record
from lianxi.performance.models_reports import (
    AnnualReport,
    BatchState,
    DocumentFormat,
    ReportBatch,
    ReportState,
)
from lianxi.performance.policies import is_owner, is_staff, is_staff_over

LIMITS = {"intro": 3000, "highlights": 10000, "plans": 5000}
# A batch still queued or running after this long is taken for lost (its worker stopped): it no
# longer keeps a new one from starting.
STALE_AFTER = timedelta(hours=12)


@dataclass
class ReportText:
    title: str
    intro: str = ""
    highlights: str = ""
    plans: str = ""


def can_write(user: Any, record: Record) -> bool:
    """The deputy writes their own report; committee staff those of their jurisdiction."""
    return is_owner(user, record) or is_staff_over(user, record.deputy)


def can_finalise(user: Any, record: Record) -> bool:
    """Only the committee makes a report final: it is then the record's official account."""
    return is_staff_over(user, record.deputy)


@action("performance.create_report")
def create_report(actor: Any, *, record: Record) -> AnnualReport:
    """The draft of a record's annual report, its text started from the record's figures."""
    if not can_write(actor, record):
        raise NotAllowed(_("Only the deputy and committee staff of this jurisdiction can do this."))
    if record.year > timezone.localdate().year:
        raise InvalidInput(_("Choose a year up to this one."), field="year")
    if AnnualReport.objects.filter(record=record).exists():
        raise IllegalTransition(_("This record already has its annual report."))
    text = reports.default_text(record, reports.gather(record))
    report = AnnualReport.objects.create(record=record, created_by=actor, edited_by=actor, **text)
    log(actor, "performance.create_report", report, {"record": record.pk, "year": record.year})
    return report


def _draft(actor: Any, report: AnnualReport) -> AnnualReport:
    locked = (
        AnnualReport.objects.select_for_update()
        .select_related("record__deputy__constituency")
        .get(pk=report.pk)
    )
    if locked.status != ReportState.DRAFT:
        raise IllegalTransition(_("A final report cannot be changed."))
    return locked


@action("performance.edit_report")
def edit_report(actor: Any, *, report: AnnualReport, text: ReportText) -> AnnualReport:
    if not can_write(actor, report.record):
        raise NotAllowed(_("Only the deputy and committee staff of this jurisdiction can do this."))
    report = _draft(actor, report)
    title = (text.title or "").strip()
    if not 4 <= len(title) <= 80:
        raise InvalidInput(_("The title needs 4 to 80 characters."), field="title")
    for name, limit in LIMITS.items():
        if len(getattr(text, name) or "") > limit:
            raise InvalidInput(
                _("This text is too long (at most %(n)d characters).") % {"n": limit}, field=name
            )
    report.title = title
    report.intro = (text.intro or "").strip()
    report.highlights = (text.highlights or "").strip()
    report.plans = (text.plans or "").strip()
    report.edited_by = actor
    report.save()
    log(actor, "performance.edit_report", report, {"record": report.record_id})
    return report


def render_final(report: AnnualReport) -> tuple[bytes, bytes, dict[str, Any]]:
    """Both documents of the report as they will be stored, and the figures they show."""
    from lianxi.lib.documents import render_docx, render_pdf

    figures = reports.gather(report.record)
    when = timezone.localdate()
    built = reports.build(report, figures, final=True, when=when)
    return render_pdf(built), render_docx(built), figures.snapshot()


@action("performance.finalise_report")
def finalise_report(
    actor: Any, *, report: AnnualReport, pdf: bytes, docx: bytes, figures: dict[str, Any]
) -> AnnualReport:
    """Freeze the report: its documents (rendered by the caller from the final text, see
    `render_final`) are stored and served as they are; text and figures no longer change."""
    if not can_finalise(actor, report.record):
        raise NotAllowed(_("Only committee staff of this jurisdiction can make the report final."))
    report = _draft(actor, report)
    if report.record.year >= timezone.localdate().year:
        raise InvalidInput(
            _("The report of %(year)d can be made final once the year is over.")
            % {"year": report.record.year}
        )
    if not report.highlights.strip():
        raise InvalidInput(
            _("Write the main work and results before making the report final."), field="highlights"
        )
    if not pdf.startswith(b"%PDF-") or not docx.startswith(b"PK"):
        raise InvalidInput(_("The documents could not be made."))
    report.status = ReportState.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = actor
    report.figures = figures
    stem = f"{report.record.year}-{secrets.token_hex(8)}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    report.save()
    log(
        actor,
        "performance.finalise_report",
        report,
        {"record": report.record_id, "score": figures.get("score"), "pdf_bytes": len(pdf)},
    )
    return report


@action("performance.start_batch")
def start_batch(actor: Any, *, year: int, fmt: str) -> ReportBatch:
    """Queue the reports of `year` for every deputy of the actor's jurisdiction (all deputies
    for an administrator), rendered after commit by a background job."""
    if not is_staff(actor):
        raise NotAllowed(_("Only committee staff can do this."))
    if fmt not in DocumentFormat.values:
        raise InvalidInput(_("Choose a format from the list."), field="format")
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise InvalidInput(_("Choose a year up to this one."), field="year")
    area = actor.jurisdiction if actor.role != Role.ADMIN else None
    working = ReportBatch.objects.filter(
        year=year,
        area=area,
        status__in=[BatchState.QUEUED, BatchState.RUNNING],
        created_at__gte=timezone.now() - STALE_AFTER,
    )
    if working.exists():
        raise IllegalTransition(_("A batch of these reports is already being made."))
    batch = ReportBatch.objects.create(year=year, area=area, format=fmt, requested_by=actor)
    log(actor, "performance.start_batch", batch, {"year": year, "format": fmt})

    from lianxi.performance.tasks import report_batch_job

    transaction.on_commit(lambda: report_batch_job(batch.pk))
    return batch
