"""Admin of deputies' suggestions and bills, read-only: they change through the actions."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.proposals.models import Answer, CoOpinion, Cosigner, Proposal, Version


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "author", "status", "lead", "result", "rating", "due_date"]
    list_filter = ["kind", "status", "result", "rating", "key_supervision"]
    search_fields = ["title", "author__name"]
    list_select_related = ["author", "lead"]


@admin.register(Cosigner)
class CosignerAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "deputy", "status", "answered_at"]
    list_filter = ["status"]
    search_fields = ["deputy__name", "proposal__title"]
    list_select_related = ["proposal", "deputy"]
    visible_through = ("proposal",)


@admin.register(CoOpinion)
class CoOpinionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "department", "created_at"]
    list_filter = ["department"]
    search_fields = ["proposal__title", "department__name"]
    list_select_related = ["proposal", "department"]
    visible_through = ("proposal",)


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "title", "created_at"]
    list_filter = ["number"]
    search_fields = ["title"]
    list_select_related = ["proposal"]
    visible_through = ("proposal",)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "result", "signed_off_by", "sent_at"]
    list_filter = ["result"]
    search_fields = ["proposal__title"]
    list_select_related = ["proposal", "signed_off_by"]
    visible_through = ("proposal",)
