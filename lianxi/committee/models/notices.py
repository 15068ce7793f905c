"""Notices (通报, 工作动态) with read receipts, and the materials library."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.committee.querysets import MaterialQuerySet, NoticeQuerySet
from lianxi.core.models import TimeStamped


class NoticeKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    NEWS = "news", _("Work update")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", pgettext_lazy("publishing", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("publishing", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Notice(TimeStamped):
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(pgettext_lazy("body", "text"), help_text=_("Sanitised HTML."))
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.OneToOneField(
        "committee.Audience",
        verbose_name=_("audience"),
        on_delete=models.PROTECT,
        related_name="notice",
    )
    must_confirm = models.BooleanField(_("must confirm reading"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closes_at = models.DateTimeField(pgettext_lazy("notice", "open until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="committee/notices/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class NoticeRead(models.Model):
    """A read receipt: first opened, and (for must-read notices) confirmed."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="reads"
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("first read at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(fields=["notice", "deputy"], name="committee_one_read")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.deputy_id}"


class NoticeReminder(models.Model):
    """Marks a reminder sent to a non-reader (one per notice and deputy, ever)."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="reminders"
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reading reminder")
        verbose_name_plural = _("reading reminders")
        constraints = [
            models.UniqueConstraint(fields=["notice", "deputy"], name="committee_one_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.deputy_id}"


class MaterialKind(models.TextChoices):
    RESEARCH = "research", _("Research material")
    STUDY = "study", _("Study material")


class Material(TimeStamped):
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    tags = models.CharField(_("tags"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="committee/materials/%Y/%m/", blank=True)
    original_name = models.CharField(_("original name"), max_length=120, blank=True)
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    link = models.URLField(_("link"), blank=True)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.OneToOneField(
        "committee.Audience",
        verbose_name=_("audience"),
        on_delete=models.PROTECT,
        related_name="material",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split() if t]


class MaterialDownload(models.Model):
    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.material_id}/{self.user_id}"
