"""Admin of the liaison app, read-only: the rota, bookings, receptions, visits and liaison
rules change through the liaison actions (staff pages). Shifts and visits are scoped by their
`visible_to`, what hangs from them by theirs; citizens' names and phones are masked."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import EVERY_STAFF_ROLE, ReadOnlyAdmin, mask_name, mask_phone, mask_text
from lianxi.liaison.models import (
    Booking,
    DeputySubscription,
    Duty,
    DutyPattern,
    DutyRequest,
    LiaisonRule,
    Photo,
    Reception,
    Shift,
    StationPhoto,
    Subscription,
    Visit,
)


@admin.register(DutyPattern)
class DutyPatternAdmin(ReadOnlyAdmin):
    list_display = ["station", "weekday", "start_time", "end_time", "valid_from", "is_active"]
    list_filter = ["weekday", "is_active", "skip_holidays"]
    search_fields = ["station__name"]
    list_select_related = ["station"]
    visible_through = ("station",)


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "station", "kind", "status", "capacity", "booked"]
    list_filter = ["kind", "status"]
    search_fields = ["station__name", "title"]
    list_select_related = ["station"]
    date_hierarchy = "starts_at"
    show_full_result_count = False


@admin.register(Duty)
class DutyAdmin(ReadOnlyAdmin):
    list_display = ["shift", "deputy", "attendance", "checked_in_at"]
    list_filter = ["attendance"]
    search_fields = ["deputy__name", "shift__station__name"]
    list_select_related = ["shift__station", "deputy"]
    show_full_result_count = False
    visible_through = ("shift",)


@admin.register(DutyRequest)
class DutyRequestAdmin(ReadOnlyAdmin):
    list_display = ["duty", "kind", "status", "created_at", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["duty__deputy__name", "reason"]
    list_select_related = ["duty__shift__station", "duty__deputy"]
    visible_through = ("duty__shift",)


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["shift", "name", "phone", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["shift__station__name"]
    list_select_related = ["shift__station"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    visible_through = ("shift",)
    masked = {"name": mask_name, "phone": mask_phone, "topic": mask_text}


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdmin):
    list_display = ["shift", "people_received", "recorded_by", "created_at"]
    search_fields = ["shift__station__name"]
    list_filter = ["created_at"]
    list_select_related = ["shift__station"]
    show_full_result_count = False
    visible_through = ("shift",)
    masked = {"matters": mask_text, "minutes": mask_text}


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["date", "author", "community", "method", "people_met", "status"]
    list_filter = ["status", "method"]
    search_fields = ["author__name", "community__name"]
    list_select_related = ["author", "community"]
    date_hierarchy = "date"
    show_full_result_count = False
    masked = {"people_note": mask_text, "matters": mask_text, "return_reason": mask_text}


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    """The picture itself opens only from its reception or visit page."""

    list_display = ["name", "visit", "reception", "content_type"]
    list_filter = ["content_type"]
    search_fields = ["name"]
    list_select_related = ["visit__community", "reception__shift__station"]
    visible_through = ("visit", "reception__shift")


@admin.register(StationPhoto)
class StationPhotoAdmin(ReadOnlyAdmin):
    """Added and removed by the station's staff on its rota page (audited there)."""

    list_display = ["station", "caption", "content_type", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["caption", "station__name"]
    list_select_related = ["station", "uploaded_by"]
    visible_through = ("station",)


@admin.register(LiaisonRule)
class LiaisonRuleAdmin(ReadOnlyAdmin):
    """Set and carried forward on the liaison rules page (audited actions)."""

    list_display = ["year", "level", "min_visits", "min_shifts", "min_trainings"]
    list_filter = ["level", "year"]
    search_fields = ["=year"]
    open_to = EVERY_STAFF_ROLE


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["station", "user", "created_at"]
    search_fields = ["station__name"]
    list_filter = ["created_at"]
    list_select_related = ["station", "user"]


@admin.register(DeputySubscription)
class DeputySubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["deputy", "user", "created_at"]
    search_fields = ["deputy__name"]
    list_filter = ["created_at"]
    list_select_related = ["deputy", "user"]
