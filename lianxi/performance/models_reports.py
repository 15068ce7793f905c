"""The deputy's annual performance report (年度履职报告) and the batches that render the
reports of a year for every deputy of a jurisdiction. Imported by models.py, so Django sees
them as models of the performance app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("performance report", "Draft")
    FINAL = "final", pgettext_lazy("performance report", "Final")


class BatchState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("batch", "Queued")
    RUNNING = "running", pgettext_lazy("batch", "Running")
    DONE = "done", pgettext_lazy("batch", "Done")
    FAILED = "failed", pgettext_lazy("batch", "Failed")


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ReportQuerySet:
        from lianxi.performance.querysets import record_filter

        q = record_filter(user, "record__")
        return self.all() if q is None else self.filter(q)


class AnnualReport(models.Model):
    """The report of one record (a deputy's year): the figures come from the record when it is
    rendered; the text parts are the deputy's (and staff's) until it is final, when both
    documents are stored as they are and the figures kept as they were."""

    record = models.OneToOneField(
        "performance.Record",
        verbose_name=_("record"),
        on_delete=models.CASCADE,
        related_name="annual_report",
    )
    title = models.CharField(_("title"), max_length=80)
    intro = models.TextField(_("about the deputy"), max_length=3000, blank=True)
    highlights = models.TextField(_("main work and results"), max_length=10000, blank=True)
    plans = models.TextField(_("shortcomings and next year's plans"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportState.choices, default=ReportState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figures = models.JSONField(_("figures when final"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="performance/reports/%Y/", blank=True)
    docx = models.FileField(_("Word document"), upload_to="performance/reports/%Y/", blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual performance report")
        verbose_name_plural = _("annual performance reports")

    def __str__(self) -> str:
        return self.title


class BatchQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> BatchQuerySet:
        """Staff see the batches they asked for and those of areas inside their jurisdiction."""
        from lianxi.core.choices import Role

        if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
            return self.none()
        role = getattr(user, "role", "")
        if role == Role.ADMIN:
            return self.all()
        jurisdiction = getattr(user, "jurisdiction", None)
        if role == Role.COMMITTEE and jurisdiction is not None:
            return self.filter(area__prefix__startswith=jurisdiction.prefix)
        return self.none()


class ReportBatch(models.Model):
    """The reports of a year for every deputy of an area (all areas: `area` empty), rendered by
    a background job into one zip file; `done` of `total` is its progress."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    format = models.CharField(
        _("format"), max_length=4, choices=DocumentFormat.choices, default=DocumentFormat.DOCX
    )
    status = models.CharField(
        _("status"), max_length=8, choices=BatchState.choices, default=BatchState.QUEUED
    )
    total = models.PositiveIntegerField(_("reports to make"), default=0)
    done = models.PositiveIntegerField(_("reports made"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    archive = models.FileField(_("zip file"), upload_to="performance/batches/%Y/", blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch of annual reports")
        verbose_name_plural = _("batches of annual reports")

    def __str__(self) -> str:
        return f"{self.year} · {self.area or '—'} · {self.format}"

    @property
    def percent(self) -> int:
        if self.status == BatchState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def working(self) -> bool:
        return self.status in (BatchState.QUEUED, BatchState.RUNNING)
