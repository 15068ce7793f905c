"""Models of the insight app: trained routing models and the suggestion made for each case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoutingModel(models.Model):
    """One trained routing model; its file lives under the var dir (`path`)."""

    class Source(models.TextChoices):
        TAXONOMY = "taxonomy", _("Taxonomy keywords only")
        HISTORY = "history", _("Platform history")

    version = models.PositiveIntegerField(_("version"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    trained_at = models.DateTimeField(_("trained at"))
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trained by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    training_seconds = models.FloatField(_("training seconds"))
    samples = models.PositiveIntegerField(_("training samples"))
    corrections = models.PositiveIntegerField(_("corrections used"), default=0)
    categories = models.PositiveIntegerField(pgettext_lazy("count", "categories"))
    departments = models.PositiveIntegerField(pgettext_lazy("count", "departments"), default=0)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    fingerprint = models.CharField(_("training data fingerprint"), max_length=64)
    path = models.CharField(_("file"), max_length=300)
    size_bytes = models.PositiveBigIntegerField(_("file size (bytes)"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("routing model")
        verbose_name_plural = _("routing models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class RoutingSuggestion(models.Model):
    """What the model suggested at intake, and what staff decided (a correction is training
    data)."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="routing_suggestion",
    )
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("suggested category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category_confidence = models.FloatField(_("category confidence"), default=0.0)
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("suggested lead department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_confidence = models.FloatField(_("department confidence"), default=0.0)
    model = models.ForeignKey(
        RoutingModel,
        verbose_name=_("model version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    applied = models.BooleanField(
        _("applied"), default=False, help_text=_("The case took the suggested category.")
    )
    corrected_category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("corrected category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("routing suggestion")
        verbose_name_plural = _("routing suggestions")
        indexes = [models.Index(fields=["corrected_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.category_id} ({self.category_confidence:.2f})"
