"""The search index in the admin, read-only (the index job writes it from public text only,
phone and ID numbers already masked): to check what a search can find."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.search.models import Document


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "title", "at"]
    list_filter = ["kind"]
    search_fields = ["title", "=object_id"]
    date_hierarchy = "at"
    show_full_result_count = False
