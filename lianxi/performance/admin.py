"""Admin of performance records: records, lines and entries change through the actions
(read-only here); schemes are set on the scheme page, so they are read-only too."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.core.choices import Role
from lianxi.performance.models import (
    AnnualReport,
    Line,
    ManualEntry,
    Record,
    ReportBatch,
    Scheme,
    SchemeItem,
    SchemeVersion,
)


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["deputy", "year", "score", "grade", "published"]
    list_filter = ["year", "grade", "published"]
    search_fields = ["deputy__name"]
    list_select_related = ["deputy"]


@admin.register(Line)
class LineAdmin(ReadOnlyAdmin):
    list_display = ["record", "kind", "day", "label"]
    list_filter = ["kind"]
    search_fields = ["record__deputy__name", "label"]
    list_select_related = ["record__deputy"]


@admin.register(ManualEntry)
class ManualEntryAdmin(ReadOnlyAdmin):
    list_display = ["record", "kind", "title", "day", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["record__deputy__name", "title"]
    list_select_related = ["record__deputy"]


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["year", "created_at"]
    list_filter = ["year"]
    search_fields = ["versions__note"]
    open_to = frozenset({Role.ADMIN, Role.COMMITTEE})


@admin.register(SchemeVersion)
class SchemeVersionAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "number", "base", "excellent_from", "competent_from", "created_at"]
    list_filter = ["number", "scheme__year"]
    search_fields = ["note"]
    list_select_related = ["scheme"]
    open_to = frozenset({Role.ADMIN, Role.COMMITTEE})


@admin.register(SchemeItem)
class SchemeItemAdmin(ReadOnlyAdmin):
    list_display = ["version", "kind", "points", "cap"]
    list_filter = ["kind"]
    search_fields = ["version__note"]
    list_select_related = ["version__scheme"]
    open_to = frozenset({Role.ADMIN, Role.COMMITTEE})


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "record", "status", "updated_at", "finalised_at"]
    list_filter = ["status", "record__year"]
    search_fields = ["title", "record__deputy__name"]
    list_select_related = ["record__deputy"]


@admin.register(ReportBatch)
class ReportBatchAdmin(ReadOnlyAdmin):
    list_display = ["year", "area", "format", "status", "done", "total", "created_at"]
    list_filter = ["status", "year", "format"]
    search_fields = ["area__name"]
    list_select_related = ["area"]
