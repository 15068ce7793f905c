"""Admin of the legislation app: contact points are configuration (audited saves); the
consultations, their texts and comments change only through the legislation actions."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import AuditedAdmin, ReadOnlyAdmin, mask_text
from lianxi.legislation.models import Comment, Consultation, ContactPoint, Provision, Version


@admin.register(ContactPoint)
class ContactPointAdmin(AuditedAdmin):
    list_display = ["name", "station", "area", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "station__name"]
    list_select_related = ["station", "area"]
    autocomplete_fields = ["station", "area"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["title", "stage", "opens_on", "closes_on", "area"]
    list_filter = ["stage"]
    search_fields = ["title"]
    list_select_related = ["area"]
    date_hierarchy = "opens_on"


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "number", "label", "created_at"]
    list_filter = ["number"]
    search_fields = ["consultation__title", "label"]
    list_select_related = ["consultation"]
    visible_through = ("consultation",)


@admin.register(Provision)
class ProvisionAdmin(ReadOnlyAdmin):
    list_display = ["version", "position", "kind", "label"]
    list_filter = ["kind"]
    search_fields = ["text"]
    list_select_related = ["version__consultation"]
    show_full_result_count = False
    visible_through = ("version__consultation",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "source", "created_at", "visibility", "disposition"]
    list_filter = ["source", "visibility", "disposition"]
    search_fields = ["consultation__title"]
    list_select_related = ["consultation"]
    show_full_result_count = False
    exclude = ["author_key", "body_hash", "request_key"]
    masked = {"body": mask_text, "signature": mask_text}
