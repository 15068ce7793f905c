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


# Commendation and accountability: changed only through their actions (read-only here).
from lianxi.performance.models_accountability import (  # noqa: E402
    Commendation,
    Commendee,
    Flag,
    Talk,
)


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "area", "status", "published_at"]
    list_filter = ["year", "status"]
    search_fields = ["title"]
    list_select_related = ["area"]


@admin.register(Commendee)
class CommendeeAdmin(ReadOnlyAdmin):
    list_display = ["commendation", "deputy", "score", "grade"]
    list_filter = ["commendation__year"]
    search_fields = ["deputy__name", "commendation__title"]
    list_select_related = ["commendation", "deputy"]


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    list_display = ["deputy", "kind", "day", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["deputy__name"]
    list_select_related = ["deputy"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["record", "incompetent", "two_years_low", "found_at"]
    list_filter = ["incompetent", "two_years_low"]
    search_fields = ["record__deputy__name"]
    list_select_related = ["record__deputy"]


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
