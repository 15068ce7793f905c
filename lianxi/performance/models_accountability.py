"""Commendation and accountability (表彰与问责): the year-end commendation with the deputies it
names and their citations, the reminder talks and admonitions staff hold with a deputy, and
the flags raised on a deputy graded 不称职 or twice in a row below 60 points. Imported by
models.py, so Django sees them as the performance app's models."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.performance.querysets_accountability import (
    CommendationQuerySet,
    FlagQuerySet,
    TalkQuerySet,
)


class CommendationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("commendation", "Draft")
    PUBLISHED = "published", pgettext_lazy("commendation", "Published")


class TalkKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder talk")
    ADMONITION = "admonition", _("Admonition talk")


class TalkStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("talk", "Open")
    CLOSED = "closed", pgettext_lazy("talk", "Closed")


class Commendation(models.Model):
    """A year-end commendation decision (表彰决定) of a committee for its jurisdiction: the
    shortlist rules it was drawn up by, the deputies it names, the decision's text."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=120)
    decision = models.TextField(_("commendation decision"), max_length=5000, blank=True)
    min_score = models.DecimalField(
        _("minimum score"), max_digits=6, decimal_places=2, default=Decimal(90)
    )
    excellent_only = models.BooleanField(_("graded excellent only"), default=True)
    no_absence = models.BooleanField(_("no unexcused absence"), default=True)
    no_admonition = models.BooleanField(_("no admonition in the year"), default=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommendationStatus.choices,
        default=CommendationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")

    def __str__(self) -> str:
        return self.title


class Commendee(models.Model):
    """A deputy the commendation names, with the score and grade it was decided on and
    their citation (事迹)."""

    commendation = models.ForeignKey(
        Commendation,
        verbose_name=_("commendation"),
        on_delete=models.CASCADE,
        related_name="commendees",
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    grade = models.CharField(_("grade"), max_length=12, blank=True)
    citation = models.TextField(_("citation"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("commended deputy")
        verbose_name_plural = _("commended deputies")
        constraints = [
            models.UniqueConstraint(
                fields=["commendation", "deputy"], name="performance_commended_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commendation} · {self.deputy}"


class Talk(models.Model):
    """A reminder talk (提醒谈话) or an admonition (诫勉谈话) held with a deputy: never public;
    the deputy and committee staff of their jurisdiction see it. Editable until closed."""

    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="talks",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TalkKind.choices)
    day = models.DateField(_("date of the talk"))
    reasons = models.TextField(pgettext_lazy("talk", "reasons"), max_length=2000)
    follow_ups = models.TextField(_("follow-ups"), max_length=2000, blank=True)
    outcome = models.TextField(pgettext_lazy("talk", "outcome"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=TalkStatus.choices, default=TalkStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(pgettext_lazy("talk", "closed at"), null=True, blank=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        indexes = [models.Index(fields=["deputy", "day"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.deputy} · {self.day:%Y-%m-%d}"


class Flag(models.Model):
    """A deputy flagged to the committee for a year: graded 不称职, or below 60 points this
    year and the year before. Kept in step with the scores by each recomputation; staff are
    told when it is first found."""

    record = models.OneToOneField(
        "performance.Record",
        verbose_name=_("record"),
        on_delete=models.CASCADE,
        related_name="flag",
    )
    incompetent = models.BooleanField(_("graded not competent"), default=False)
    two_years_low = models.BooleanField(_("below 60 two years in a row"), default=False)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return str(self.record)
