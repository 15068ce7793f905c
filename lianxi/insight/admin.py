"""Admin of the insight app, read-only: models are trained and suggestions corrected through
the insight actions. Models are for those who may retrain them; suggestions follow their
case's visibility."""

from __future__ import annotations

from django.contrib import admin

from lianxi.cases.admin import case_label
from lianxi.core.admin import ReadOnlyAdmin
from lianxi.insight.models import RoutingModel, RoutingSuggestion
from lianxi.insight.policies import RETRAIN_ROLES


@admin.register(RoutingModel)
class RoutingModelAdmin(ReadOnlyAdmin):
    list_display = ["version", "source", "trained_at", "samples", "categories", "is_active"]
    list_filter = ["source", "is_active"]
    search_fields = ["=version"]
    date_hierarchy = "trained_at"
    open_to = RETRAIN_ROLES


@admin.register(RoutingSuggestion)
class RoutingSuggestionAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "category",
        "category_confidence",
        "department",
        "applied",
        "corrected_category",
        "created_at",
    ]
    list_filter = ["applied", "corrected_at", "model"]
    search_fields = ["=case__tracking_number"]
    list_select_related = ["case", "category__parent", "department", "corrected_category__parent"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    visible_through = ("case",)
    masked = {"case": case_label}
