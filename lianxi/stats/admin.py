"""The statistics tables in the admin, read-only (the refresh job rebuilds them), each row
scoped as the dashboard scopes it (`stats.access.scope_for`): administrators every row,
committee staff their jurisdiction, a deputy, station or department only its own rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import Http404

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.directory.models import Department, Deputy, Station
from lianxi.stats.access import scope_for
from lianxi.stats.models import (
    AreaMonth,
    AreaWindow,
    DepartmentMonth,
    DepartmentWindow,
    DeputyMonth,
    DeputyWindow,
    ProposalCategoryMonth,
    ProposalDeputyMonth,
    ProposalUnitMonth,
    RefreshRun,
    StationMonth,
    StationWindow,
)
from lianxi.stats.policies import EXPORT_ROLES

MEASURE_COLUMNS = ["cases", "handled", "answered", "in_time", "closed", "solved"]


class StatsAdmin(ReadOnlyAdmin):
    """Keyed by `key` ("" for the area tables, else the entity's field)."""

    key = ""
    list_filter = ["month", ("category", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "month"
    show_full_result_count = False
    list_per_page = 50

    def scope(self, user: Any, qs: QuerySet) -> QuerySet:
        try:
            scope = scope_for(user)
        except Http404:
            return qs.none()
        if scope.kind == "all":
            return qs
        if scope.kind == "area":
            return qs.filter(self.area_rule(user, scope.prefix))
        if scope.kind == self.key:
            return qs.filter(**{f"{self.key}_id__in": scope.ids})
        return qs.none()

    def get_list_filter(self, request: Any) -> Any:
        """Rolling windows are also filtered by their length."""
        window = any(f.name == "months" for f in self.model._meta.fields)
        return ["months", *self.list_filter] if window else self.list_filter

    def area_rule(self, user: Any, prefix: str) -> Q:
        """Rows inside the jurisdiction: the entity visible to the committee user (deputies
        by constituency, stations by place, departments by area or serving it)."""
        if not self.key:
            return Q(area_prefix__startswith=prefix)
        entity = {"deputy": Deputy, "station": Station, "department": Department}[self.key]
        return Q(**{f"{self.key}__in": entity.objects.visible_to(user).values("pk")})  # type: ignore[attr-defined]


class AreaAdmin(StatsAdmin):
    list_display = ["month", "area", "category", *MEASURE_COLUMNS]
    search_fields = ["area__name", "=area_prefix"]
    list_select_related = ["area", "category"]


class EntityAdmin(StatsAdmin):
    def get_list_display(self, request: Any) -> Any:
        return ["month", self.key, "category", *MEASURE_COLUMNS]

    def get_search_fields(self, request: Any) -> Any:
        return [f"{self.key}__name"]

    def get_list_select_related(self, request: Any) -> Any:
        return [self.key, "category"]


@admin.register(AreaMonth)
class AreaMonthAdmin(AreaAdmin):
    pass


@admin.register(AreaWindow)
class AreaWindowAdmin(AreaAdmin):
    pass


@admin.register(DeputyMonth)
class DeputyMonthAdmin(EntityAdmin):
    key = "deputy"


@admin.register(DeputyWindow)
class DeputyWindowAdmin(EntityAdmin):
    key = "deputy"


@admin.register(StationMonth)
class StationMonthAdmin(EntityAdmin):
    key = "station"


@admin.register(StationWindow)
class StationWindowAdmin(EntityAdmin):
    key = "station"


@admin.register(DepartmentMonth)
class DepartmentMonthAdmin(EntityAdmin):
    key = "department"


@admin.register(DepartmentWindow)
class DepartmentWindowAdmin(EntityAdmin):
    key = "department"


@admin.register(RefreshRun)
class RefreshRunAdmin(ReadOnlyAdmin):
    list_display = ["finished_at", "started_at", "full", "months", "cases"]
    list_filter = ["full"]
    search_fields = ["=months"]
    date_hierarchy = "finished_at"
    open_to = EXPORT_ROLES


class ProposalFiguresAdmin(StatsAdmin):
    """The suggestions' figures: keyed by area like the area tables, so committee staff get
    their jurisdiction's rows; other roles never see the suggestions' figures."""

    search_fields = ["=area_prefix"]


@admin.register(ProposalUnitMonth)
class ProposalUnitMonthAdmin(ProposalFiguresAdmin):
    list_display = ["month", "unit", "category", "items", "replied", "on_time", "satisfied"]
    list_select_related = ["unit", "category"]


@admin.register(ProposalDeputyMonth)
class ProposalDeputyMonthAdmin(ProposalFiguresAdmin):
    list_display = ["month", "deputy", "category", "filed", "accepted", "cosigned"]
    list_select_related = ["deputy", "category"]


@admin.register(ProposalCategoryMonth)
class ProposalCategoryMonthAdmin(ProposalFiguresAdmin):
    list_display = ["month", "filed_category", "items", "replied", "satisfied", "rated"]
    list_select_related = ["filed_category", "category"]
