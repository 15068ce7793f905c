from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lianxi.cases.models import Case, CaseEvent, OutOfScopeRule, Referral
from lianxi.core.admin import AuditedAdmin
from lianxi.core.models import CalendarDay


@admin.register(OutOfScopeRule)
class OutOfScopeRuleAdmin(AuditedAdmin):
    list_display = ["name", "legal_basis", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "legal_basis"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = readonly_fields = ("at", "actor_label", "step", "public", "text")
    extra = 0
    can_delete = False


class ReferralInline(admin.TabularInline):
    model = Referral
    fields = readonly_fields = (
        "department",
        "role",
        "status",
        "due_date",
        "result_class",
        "answered_at",
    )
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workflow's actions."""

    list_display = [
        "tracking_number",
        "title",
        "kind",
        "status",
        "deputy",
        "station",
        "submitted_at",
    ]
    list_filter = ["status", "kind", "channel", "outcome"]
    search_fields = ["tracking_number", "title"]
    date_hierarchy = "submitted_at"
    fields = readonly_fields = (
        "tracking_number",
        "kind",
        "title",
        "content",
        "category",
        "community",
        "channel",
        "status",
        "outcome",
        "deputy",
        "station",
        "due_date",
        "submitted_at",
        "closed_at",
    )
    inlines = [ReferralInline, EventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


import lianxi.cases.admin_clients  # noqa: E402, F401
