"""The audit trail in the admin: append-only, so read-only."""

from django.contrib import admin

from lianxi.audit.models import AuditEvent
from lianxi.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "actor_role", "action", "target_label", "outcome", "ip"]
    list_filter = ["outcome", "actor_role", "action"]
    search_fields = ["actor_label", "action", "target_label", "=target_id", "=ip"]
    date_hierarchy = "at"
    show_full_result_count = False
