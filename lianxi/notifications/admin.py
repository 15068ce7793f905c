"""The outbox in the admin: read-only (messages are queued by actions and sent by the delivery
task); the recipient's address masked. Bodies show, so that an administrator can read a
sign-in code where no SMS channel is configured (the demo)."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import AuditedAdmin, ReadOnlyAdmin, account_label, mask_phone, mask_text
from lianxi.lib.masking import mask_email
from lianxi.notifications.models import ChannelPolicy, OutboxMessage, Preference, Settings


def mask_address(address: str) -> str:
    """An email address as `a***@example.org`, a phone number as `138****5678`."""
    return mask_email(address) if "@" in address else mask_phone(address)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "user",
        "body",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["channel", "status", "created_at"]
    search_fields = ["body", "subject"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    masked = {
        "recipient": mask_address,
        "user": account_label,
        "body": mask_text,
        "subject": mask_text,
    }
    exclude = ["dedupe_key", "claimed_by"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    """People change their own choices on their preferences page."""

    list_display = ["user", "family", "channel", "enabled"]
    list_filter = ["family", "channel", "enabled"]
    search_fields = ["user__username"]


@admin.register(Settings)
class SettingsAdmin(ReadOnlyAdmin):
    list_display = ["user", "quiet_hours", "email_digest"]
    list_filter = ["quiet_hours", "email_digest"]
    search_fields = ["user__username"]


@admin.register(ChannelPolicy)
class ChannelPolicyAdmin(AuditedAdmin):
    """What the committee allows: a channel switched off for a kind is used by nobody."""

    list_display = ["family", "channel", "allowed"]
    list_filter = ["family", "channel", "allowed"]
    search_fields = ["family", "channel"]
    fields = ["family", "channel", "allowed"]
