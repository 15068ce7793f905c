"""Transactional outbox: a message is a row written in the same transaction as the action
that caused it; a huey task delivers it after commit, with retries (quality.md test 27)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.fields import EncryptedTextField
from lianxi.lib.masking import mask_phone


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    INAPP = "inapp", _("In-app")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    recipient = EncryptedTextField(_("recipient address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.recipient_masked}"

    @property
    def recipient_masked(self) -> str:
        if self.channel == Channel.SMS:
            return mask_phone(self.recipient)
        if self.channel == Channel.EMAIL and "@" in self.recipient:
            name, _at, domain = self.recipient.partition("@")
            return name[:1] + "***@" + domain
        return str(self.user or "")
