"""Publicity of the liaison work (S12): success stories (成果宣传) with before/after photos,
the public digest of published cases the home page and feeds read, and the congress's annual
report of its liaison work (年度代表工作报告)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.models import TimeStamped
from lianxi.publicity.querysets import AnnualReportQuerySet, PhotoQuerySet, StoryQuerySet


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Awaiting review")
    PUBLISHED = "published", pgettext_lazy("publishing", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Story(TimeStamped):
    """A success story: what was done, for whom, by which deputies, with what it links to."""

    title = models.CharField(_("title"), max_length=80)
    summary = models.CharField(
        _("summary"),
        max_length=200,
        help_text=_("One or two sentences: shown in lists, feeds and when the page is shared."),
    )
    body = models.TextField(_("story"), max_length=30000)
    area = models.ForeignKey(
        "directory.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StoryStatus.choices,
        default=StoryStatus.DRAFT,
        db_index=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("sent for review at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    deputies = models.ManyToManyField(
        "directory.Deputy", verbose_name=_("deputies involved"), blank=True, related_name="+"
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("resolved cases"), blank=True, related_name="+"
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal", verbose_name=_("suggestions"), blank=True, related_name="+"
    )
    visits = models.ManyToManyField(
        "liaison.Visit", verbose_name=_("visits"), blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        "committee.Activity", verbose_name=_("activities"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    OTHER = "other", _("Scene")


class StoryPhoto(models.Model):
    """A photo of a story, re-encoded as JPEG: resized, turned upright, without EXIF (so no
    location), stored under a random name and served through the story's access check."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PhotoKind.choices)
    caption = models.CharField(_("caption"), max_length=80, blank=True)
    file = models.FileField(_("file"), upload_to="publicity/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")
        ordering = ["story", "position", "id"]

    def __str__(self) -> str:
        return self.caption or self.get_kind_display()


class PublishedCase(models.Model):
    """What the public may see of a published case, kept by the case steps' announcements
    (subscribers.py): the home page and the feeds read this small table, never the ledger."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    tracking_number = models.CharField(_("tracking number"), max_length=20)
    title = models.CharField(_("title (masked)"), max_length=200)
    category = models.CharField(_("category"), max_length=60, blank=True)
    district = models.CharField(_("district"), max_length=60, blank=True)
    area_prefix = models.CharField(_("area code prefix"), max_length=12, blank=True)
    closed_at = models.DateTimeField(_("closed at"), db_index=True)

    class Meta:
        verbose_name = _("published case (public digest)")
        verbose_name_plural = _("published cases (public digest)")
        ordering = ["-closed_at", "-case_id"]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class AnnualReport(TimeStamped):
    """The congress's annual report of its liaison work: the figures come from the year's
    statistics, stories, suggestions and records; staff edit the text until it is final, when
    the documents are frozen as files."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("congress area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=80)
    foreword = models.TextField(_("foreword"), max_length=5000, blank=True)
    highlights = models.TextField(_("main work and results"), max_length=10000, blank=True)
    plans = models.TextField(_("next year's work"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), upload_to="publicity/reports/", blank=True)
    docx = models.FileField(_("Word document"), upload_to="publicity/reports/", blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report of liaison work")
        verbose_name_plural = _("annual reports of liaison work")
        ordering = ["-year", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area"], name="publicity_one_report_a_year")
        ]

    def __str__(self) -> str:
        return self.title
