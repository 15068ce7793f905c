"""Transactional outbox: a message is a row written in the same transaction as the action
that caused it; a huey task delivers it after commit, with retries (quality.md test 27)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.fields import EncryptedTextField
from lianxi.lib.masking import mask_email, mask_phone
from lianxi.notifications.querysets import OutboxQuerySet


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    INAPP = "inapp", _("In-app")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    HELD = "held", _("Held for the daily digest")


class Family(models.TextChoices):
    """What a notification is about: the unit of preferences and of the centre's filter."""

    CASES = "cases", _("Cases")
    LIAISON = "liaison", _("Duty and visits")
    COMMITTEE = "committee", _("Notices, trainings and activities")
    FOLLOWS = "follows", _("Cases I follow")
    ACCOUNT = "account", _("Account and sign-in")
    LEGISLATION = "legislation", _("Consultations and suggestions")
    PERFORMANCE = "performance", _("Performance record")
    POLLS = "polls", _("Polls")


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
    # What it is about and where it leads (the notification centre shows in-app rows).
    kind = models.CharField(_("event"), max_length=64, blank=True, db_index=True)
    family = models.CharField(_("kind"), max_length=16, choices=Family.choices, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Quiet hours: an SMS is not sent before this time (sign-in codes never wait).
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    provider_ref = models.CharField(_("provider's message id"), max_length=100, blank=True)
    # When a worker claimed the row to send it; a claim older than the lease is a dead worker's.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claim"), max_length=32, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "channel", "read_at"], name="notif_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.recipient_masked}"

    @property
    def recipient_masked(self) -> str:
        if self.channel == Channel.SMS:
            return mask_phone(self.recipient)
        if self.channel == Channel.EMAIL and "@" in self.recipient:
            return mask_email(self.recipient)
        # In-app: the account (admin pages and audit labels show this; a name is personal data).
        return self.user.username if self.user is not None else ""


class Preference(models.Model):
    """A person's choice for one kind of notification on one channel (in-app is always on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    family = models.CharField(_("kind"), max_length=16, choices=Family.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "family", "channel"], name="notif_one_preference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.family} {self.channel} {self.enabled}"


class Settings(models.Model):
    """A person's quiet hours and digest choice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    quiet_hours = models.BooleanField(_("hold text messages 22:00–08:00"), default=True)
    email_digest = models.BooleanField(
        _("one e-mail a day instead of one per event"), default=False
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class ChannelPolicy(models.Model):
    """What the committee allows: a channel switched off for a kind is used by nobody."""

    family = models.CharField(_("kind"), max_length=16, choices=Family.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    allowed = models.BooleanField(_("allowed"), default=True)

    class Meta:
        verbose_name = _("channel policy")
        verbose_name_plural = _("channel policies")
        constraints = [
            models.UniqueConstraint(fields=["family", "channel"], name="notif_one_policy")
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.channel} {self.allowed}"
