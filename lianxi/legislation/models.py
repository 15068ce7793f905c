"""Draft laws out for comment (立法征求意见): consultations, their versions and provisions,
grassroots legislative contact points, and comments with their dispositions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.models import TimeStamped
from lianxi.legislation.querysets import (
    CommentQuerySet,
    ConsultationQuerySet,
    ContactPointQuerySet,
)


class ContactPoint(TimeStamped):
    """A grassroots legislative contact point (基层立法联系点), run by a station's staff."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="contact_points",
        help_text=_("The station whose staff run the contact point."),
    )
    area = models.ForeignKey(
        "directory.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("legislative contact point")
        verbose_name_plural = _("legislative contact points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed, being disposed of")
    REPORTED = "reported", _("Feedback published")


class Consultation(TimeStamped):
    title = models.CharField(_("title"), max_length=120)
    explanation = models.TextField(_("explanation of the draft"), max_length=20000, blank=True)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    for_public = models.BooleanField(_("anyone may comment"), default=True)
    for_citizens = models.BooleanField(_("signed-in citizens may comment"), default=True)
    for_deputies = models.BooleanField(_("deputies may comment"), default=True)
    for_contact_points = models.BooleanField(_("contact points may submit"), default=True)
    max_length = models.PositiveIntegerField(_("longest comment (characters)"), default=2000)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("feedback published at"), null=True, blank=True)
    feedback = models.TextField(_("feedback summary"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> Version | None:
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """One text of the draft: the first is the draft for comment, then 二审稿 and so on."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    label = models.CharField(_("label"), max_length=40)
    preamble = models.CharField(_("heading lines"), max_length=400, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="legislation_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} · {self.label}"


class Kind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")
    ITEM = "item", _("Item")


class Provision(models.Model):
    """A chapter, section, article, paragraph or item of one version, in reading order."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="provisions"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    article = models.ForeignKey(
        "self",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The article a paragraph or item belongs to (itself for an article)."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=20)
    text = models.TextField(_("text"), max_length=2000)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["version", "position"]
        indexes = [models.Index(fields=["version", "kind", "number"])]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """第十二条, 第十二条第二款, 第十二条第二款第（三）项."""
        if self.kind in {Kind.CHAPTER, Kind.SECTION, Kind.ARTICLE}:
            return self.label
        if self.kind == Kind.PARAGRAPH:
            return f"{self.parent.label if self.parent else ''}{self.label}"
        paragraph = self.parent
        article = paragraph.parent if paragraph else None
        return f"{article.label if article else ''}{paragraph.label if paragraph else ''}第{self.label}项"


class Source(models.TextChoices):
    PUBLIC = "public", _("Member of the public")
    CITIZEN = "citizen", _("Signed-in citizen")
    DEPUTY = "deputy", _("Deputy")
    CONTACT_POINT = "contact_point", _("Contact point")


class Visibility(models.TextChoices):
    SHOWN = "shown", _("Shown")
    HIDDEN = "hidden", _("Hidden by moderation")
    MERGED = "merged", _("Merged into another comment")


class Disposition(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    COVERED = "covered", _("Already covered")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="comments"
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("on provision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text=_("Empty: on the whole draft."),
    )
    article = models.ForeignKey(
        Provision,
        verbose_name=_("on article"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="article_comments",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_key = models.CharField(_("author key"), max_length=40, db_index=True)
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legislation_comments",
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=20000)
    body_hash = models.CharField(_("text fingerprint"), max_length=64)
    named = models.BooleanField(_("shown with the author's name"), default=False)
    signature = models.CharField(_("signed as"), max_length=40, blank=True)
    participants = models.PositiveIntegerField(_("people taking part"), null=True, blank=True)
    place = models.CharField(_("where it was collected"), max_length=100, blank=True)
    held_on = models.DateField(_("collected on"), null=True, blank=True)
    request_key = models.CharField(_("request key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.SHOWN,
        db_index=True,
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    group = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    disposition = models.CharField(
        _("disposition"), max_length=16, choices=Disposition.choices, blank=True, db_index=True
    )
    reason = models.TextField(_("reason given"), max_length=2000, blank=True)
    covered_by = models.ForeignKey(
        Provision,
        verbose_name=_("covered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposed_at = models.DateTimeField(_("disposed of at"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disposed of by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["consultation", "article", "visibility"]),
            models.Index(fields=["consultation", "visibility", "disposition", "article", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author_key", "request_key"],
                condition=~models.Q(request_key=""),
                name="legislation_one_comment_per_request_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk}"

    @property
    def public_name(self) -> str:
        """What the public sees of the author: their name only if they chose to be named."""
        if self.source == Source.CONTACT_POINT and self.contact_point_id:
            return str(self.contact_point)
        if self.source == Source.DEPUTY and self.named and self.signature:
            return f"{self.signature}代表"
        return self.signature if self.named and self.signature else ""
