"""The outbox in the admin: read-only (messages are queued by actions and sent by the delivery
task); the recipient's address masked. Bodies show, so that an administrator can read a
sign-in code where no SMS channel is configured (the demo)."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin, mask_phone, mask_text
from lianxi.notifications.models import OutboxMessage


def mask_address(address: str) -> str:
    """An email address as `a***@example.org`, a phone number as `138****5678`."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return name[:1] + "***@" + domain
    return mask_phone(address)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "recipient", "user", "body", "status", "attempts"]
    list_filter = ["channel", "status", "created_at"]
    search_fields = ["body", "subject"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    masked = {"recipient": mask_address, "body": mask_text, "subject": mask_text}
    exclude = ["dedupe_key"]
