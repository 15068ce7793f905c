"""Retention in the admin: read-only (the actions and jobs write these rows); deletion
requests scoped as the pages scope them."""

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.lib.masking import mask_text
from lianxi.retention.models import AnonymisedCase, AuditArchive, DeletionRequest


@admin.register(AuditArchive)
class AuditArchiveAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "events", "first_at", "last_at", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["file_name", "=last_hash"]
    date_hierarchy = "created_at"


@admin.register(AnonymisedCase)
class AnonymisedCaseAdmin(ReadOnlyAdmin):
    list_display = ["case", "reason", "at"]
    list_filter = ["reason"]
    search_fields = ["=case__tracking_number"]
    visible_through = ("case",)


@admin.register(DeletionRequest)
class DeletionRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "citizen", "status", "filed_at", "handled_by", "handled_at"]
    list_filter = ["status"]
    search_fields = ["citizen__username"]
    masked = {"reason": mask_text, "answer": mask_text}
