from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lianxi.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "recipient_shown",
        "body",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["channel", "status"]
    search_fields = ["body", "subject"]
    readonly_fields = [
        "channel",
        "user",
        "recipient_shown",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "dedupe_key",
        "created_at",
        "sent_at",
        "read_at",
    ]
    exclude = ["recipient"]

    @admin.display(description=_("recipient"))
    def recipient_shown(self, obj: OutboxMessage) -> str:
        return obj.recipient_masked

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
