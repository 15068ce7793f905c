from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lianxi.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "actor_role", "action", "target_label", "outcome", "ip"]
    list_filter = ["outcome", "actor_role", "action"]
    search_fields = ["actor_label", "action", "target_label", "target_id", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
