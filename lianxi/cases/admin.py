"""Admin of the case ledger: read-only (cases change only through the workflow's actions),
the citizen's contact and free text masked; the out-of-scope rules and reply templates are
configuration."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxi.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    OutOfScopeRule,
    Rating,
    RatingAppeal,
    Referral,
    ReplyTemplate,
)
from lianxi.core.admin import (
    EVERY_STAFF_ROLE,
    AuditedAdmin,
    ReadOnlyAdmin,
    mask_address,
    mask_name,
    mask_phone,
    mask_text,
)
from lianxi.core.choices import Role


@admin.register(OutOfScopeRule)
class OutOfScopeRuleAdmin(AuditedAdmin):
    list_display = ["name", "legal_basis", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "legal_basis"]
    open_to = EVERY_STAFF_ROLE


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedAdmin):
    list_display = ["title", "category", "owner", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "body"]
    list_select_related = ["category", "category__parent"]
    autocomplete_fields = ["category"]
    fields = ["title", "category", "body", "is_active"]
    open_to = EVERY_STAFF_ROLE

    def scope(self, user: Any, qs: QuerySet) -> QuerySet:
        """The administrators' templates are made here; staff change only their own."""
        return qs.filter(pk__in=ReplyTemplate.objects.editable_by(user).values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        """A template added here has no owner (every staff member's): administrators only."""
        return super().has_add_permission(request) and request.user.role == Role.ADMIN  # type: ignore[union-attr]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = CaseEvent
    fields = readonly_fields = ("at", "actor_label", "step", "public", "text_shown")

    @admin.display(description=CaseEvent._meta.get_field("text").verbose_name)
    def text_shown(self, obj: CaseEvent) -> str:
        return mask_text(obj.text)


class ReferralInline(ReadOnlyInline):
    model = Referral
    fields = readonly_fields = (
        "department",
        "role",
        "status",
        "due_date",
        "result_class",
        "answered_at",
    )


def case_label(case: Case) -> str:
    """A case as the admin names it: its title's phone and ID numbers masked."""
    return f"{case.tracking_number} {mask_text(case.title)}"


CASE_TEXT = {
    "title": mask_text,
    "content": mask_text,
    "contact_name": mask_name,
    "contact_phone": mask_phone,
    "address": mask_address,
}


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Contact and text masked as in the case lists: the full contact is for the case page,
    where the policy decides and the reveal is part of the work."""

    list_display = [
        "tracking_number",
        "title",
        "kind",
        "status",
        "deputy",
        "station",
        "submitted_at",
    ]
    list_filter = ["status", "kind", "channel", "outcome", "is_published", "is_anonymous"]
    search_fields = ["=tracking_number", "title"]
    list_select_related = ["deputy", "station"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    masked = CASE_TEXT | {"merged_into": case_label}
    fields = (
        "tracking_number", "kind", "title", "content", "category", "community", "address",
        "channel", "citizen", "contact_name", "contact_phone", "is_anonymous",
        "consent_to_publish", "status", "outcome", "decline_rule", "merged_into", "deputy",
        "station", "target_deputy", "target_station", "created_by", "due_date", "deputy_due",
        "escalated_at", "reminded_on", "reopen_count",
        "is_published", "submitted_at", "accepted_at", "first_answer_at", "reported_at",
        "closed_at",
    )  # fmt: skip
    inlines = [ReferralInline, EventInline]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "case", "step", "actor_label", "public"]
    list_filter = ["step", "public"]
    search_fields = ["=case__tracking_number", "actor_label"]
    list_select_related = ["case"]
    date_hierarchy = "at"
    show_full_result_count = False
    visible_through = ("case",)
    masked = {"case": case_label, "text": mask_text}
    exclude = ["data"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["case", "department", "role", "status", "due_date", "answered_at"]
    list_filter = ["status", "role", "result_class", "contact_disclosed"]
    search_fields = ["=case__tracking_number", "department__name"]
    list_select_related = ["case", "department"]
    date_hierarchy = "referred_at"
    visible_through = ("case",)
    masked = {"case": case_label, "answer": mask_text, "returned_reason": mask_text}


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["case", "round", "deputy_rating", "department_rating", "rated_at"]
    list_filter = ["deputy_rating", "department_rating"]
    search_fields = ["=case__tracking_number"]
    list_select_related = ["case"]
    date_hierarchy = "rated_at"
    visible_through = ("case",)
    masked = {"case": case_label, "comment": mask_text}


@admin.register(RatingAppeal)
class RatingAppealAdmin(ReadOnlyAdmin):
    """Appeals change only through lianxi/cases/appeals.py (filed, then decided)."""

    list_display = ["case", "department", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["=case__tracking_number"]
    list_select_related = ["case", "department"]
    visible_through = ("case",)
    masked = {"case": case_label, "reason": mask_text, "decision_reason": mask_text}


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """The file itself opens only from the case page, which checks access."""

    list_display = ["original_name", "case", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["=case__tracking_number", "original_name"]
    list_select_related = ["case"]
    visible_through = ("case",)
    masked = {"case": case_label}


import lianxi.cases.admin_clients  # noqa: E402, F401
