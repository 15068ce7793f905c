"""What retention keeps track of: the audit archive files (with the hash the chain continues
from), the cases whose personal data was removed, and citizens' deletion requests (PIPL 第四十七条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.retention.querysets import DeletionRequestQuerySet


class AuditArchive(models.Model):
    """One archive file of audit events taken out of the database, oldest first."""

    file_name = models.CharField(_("file"), max_length=120, unique=True)
    first_id = models.BigIntegerField(_("first event id"))
    last_id = models.BigIntegerField(_("last event id"))
    first_at = models.DateTimeField(_("first event time"))
    last_at = models.DateTimeField(_("last event time"))
    events = models.PositiveIntegerField(_("events"))
    start_hash = models.CharField(_("hash before the first event"), max_length=64)
    last_hash = models.CharField(_("hash of the last event"), max_length=64, unique=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created_at = models.DateTimeField(_("archived at"))

    class Meta:
        verbose_name = _("audit archive")
        verbose_name_plural = _("audit archives")
        ordering = ["-last_id"]

    def __str__(self) -> str:
        return self.file_name


class Reason(models.TextChoices):
    PERIOD = "period", _("Retention period over")
    REQUEST = "request", _("Citizen's deletion request")


class AnonymisedCase(models.Model):
    """A case whose personal data was removed (the case itself stays, for the record)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("anonymised at"), db_index=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    request = models.ForeignKey(
        "retention.DeletionRequest",
        verbose_name=_("deletion request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("anonymised case")
        verbose_name_plural = _("anonymised cases")
        ordering = ["-at"]

    def __str__(self) -> str:
        return str(self.case_id)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be handled")
    APPROVED = "approved", _("Approved: personal data deleted")
    REFUSED = "refused", _("Refused")


class DeletionRequest(models.Model):
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason given by the citizen"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    filed_at = models.DateTimeField(_("filed at"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    answer = models.TextField(_("answer to the citizen"), max_length=1000, blank=True)
    cases_anonymised = models.PositiveIntegerField(_("cases anonymised"), default=0)

    objects = DeletionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"],
                condition=models.Q(status="pending"),
                name="one_pending_deletion_request",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
