"""Deputies' performance records (履职档案): one record per deputy per year, its lines (each
linked to its evidence), the deputy's own entries reviewed by staff, and the scoring scheme
of the year in versions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.performance.choices import EntryStatus, Grade, LineKind
from lianxi.performance.querysets import (
    EntryQuerySet,
    LineQuerySet,
    RecordQuerySet,
    SchemeQuerySet,
)


class Record(models.Model):
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="performance_records",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True, db_index=True
    )
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    version = models.ForeignKey(
        "performance.SchemeVersion",
        verbose_name=_("scheme version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    breakdown = models.JSONField(_("breakdown"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published = models.BooleanField(_("summary published"), default=False)
    summary = models.TextField(_("public summary"), blank=True, max_length=2000)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        constraints = [
            models.UniqueConstraint(fields=["deputy", "year"], name="performance_one_record")
        ]
        indexes = [models.Index(fields=["year", "score"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.year}"


class Line(models.Model):
    """One thing the deputy did (or missed), with the object that shows it."""

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LineKind.choices)
    day = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=7, decimal_places=2, default=1)
    source = models.CharField(_("evidence type"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("evidence id"))
    label = models.CharField(_("description"), max_length=200)
    url = models.CharField(_("evidence link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("record line")
        verbose_name_plural = _("record lines")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind", "source", "source_id"], name="performance_one_line"
            )
        ]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return self.label


class ManualEntry(models.Model):
    """What lianxi cannot know, entered by the deputy with an attachment; staff review it."""

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LineKind.choices)
    title = models.CharField(_("title"), max_length=120)
    day = models.DateField(_("date"))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    attachment = models.FileField(
        pgettext_lazy("evidence", "attachment"), upload_to="performance/%Y/%m/"
    )
    attachment_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("file type"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("review", "decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(pgettext_lazy("review", "decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("own entry")
        verbose_name_plural = _("own entries")

    def __str__(self) -> str:
        return self.title


class Scheme(models.Model):
    """The scoring scheme of a year; its versions hold the items."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self) -> str:
        return str(self.year)

    def current(self) -> SchemeVersion | None:
        return self.versions.order_by("-number").first()


class SchemeVersion(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    base = models.DecimalField(_("base points"), max_digits=6, decimal_places=2, default=0)
    excellent_from = models.DecimalField(
        _("excellent from"), max_digits=6, decimal_places=2, default=Decimal(90)
    )
    competent_from = models.DecimalField(
        _("competent from"), max_digits=6, decimal_places=2, default=Decimal(60)
    )
    basic_from = models.DecimalField(
        _("basically competent from"), max_digits=6, decimal_places=2, default=Decimal(45)
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="performance_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year} v{self.number}"


class SchemeItem(models.Model):
    """Points per unit of a kind of line; negative points are a deduction; the cap bounds
    the item's total (in absolute value)."""

    version = models.ForeignKey(
        SchemeVersion,
        verbose_name=_("scheme version"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LineKind.choices)
    points = models.DecimalField(_("points per unit"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(_("cap"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="performance_one_item")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.points}"


# Commendation and accountability live in their own module (re-exported here for Django).
from lianxi.performance.models_accountability import (  # noqa: E402
    Commendation,
    Commendee,
    Flag,
    Talk,
)

# The annual report and its batches live in their own module (imported here so Django finds them).
from lianxi.performance.models_reports import AnnualReport, ReportBatch  # noqa: E402

__all__ = [
    "AnnualReport",
    "Commendation",
    "Commendee",
    "Flag",
    "Line",
    "ManualEntry",
    "Record",
    "ReportBatch",
    "Scheme",
    "SchemeItem",
    "SchemeVersion",
    "Talk",
]
