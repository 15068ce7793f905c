"""Admin of the committee app, read-only: notices, materials, trainings and activities change
through the committee actions (staff pages). Notices, materials, courses and activities are
scoped by their `visible_to`, their receipts, sessions and invitations by their parent's."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lianxi.cases.admin import case_label
from lianxi.committee.models import (
    Activity,
    ActivitySeries,
    Audience,
    CalendarToken,
    Contribution,
    Course,
    Enrollment,
    Invitation,
    Material,
    MaterialDownload,
    Notice,
    NoticeAttachment,
    NoticeRead,
    NoticeReminder,
    Outcome,
    SessionAttendance,
    TrainingSession,
)
from lianxi.core.admin import ReadOnlyAdmin, mask_text


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "recurrence", "area", "created_at"]
    list_filter = ["kind", "recurrence"]
    search_fields = ["title"]
    list_select_related = ["area"]
    visible_through = ("activities",)


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "title", "kind", "status", "area", "capacity"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "topic", "place"]
    list_select_related = ["area"]
    date_hierarchy = "starts_at"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["activity", "deputy", "status", "invited_at", "responded_at", "attended"]
    list_filter = ["status", "attended"]
    search_fields = ["activity__title", "deputy__name"]
    list_select_related = ["activity", "deputy"]
    show_full_result_count = False
    visible_through = ("activity",)


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["activity", "deputy", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["activity__title", "deputy__name", "text"]
    list_select_related = ["activity", "deputy"]
    visible_through = ("activity",)
    masked = {"text": mask_text}


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["activity", "text", "case", "created_at"]
    search_fields = ["activity__title", "text"]
    list_filter = ["created_at"]
    list_select_related = ["activity", "case"]
    visible_through = ("activity",)
    masked = {"case": case_label, "text": mask_text}


@admin.register(Audience)
class AudienceAdmin(ReadOnlyAdmin):
    list_display = ["used_by", "everyone", "has_criteria"]
    list_filter = ["everyone", "has_criteria"]
    search_fields = ["notice__title", "material__title", "course__title"]
    list_select_related = ["notice", "material", "course"]
    visible_through = ("notice", "material", "course")

    @admin.display(description=_("addressed by"))
    def used_by(self, obj: Audience) -> str:
        for name in ("notice", "material", "course"):
            item = getattr(obj, name, None)
            if item is not None:
                return f"{item._meta.verbose_name}：{item}"
        return "—"


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Who has a private calendar feed; never the token (the feed's address derives from it)."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    list_filter = ["created_at"]
    exclude = ["token"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "area", "must_confirm", "published_at"]
    list_filter = ["status", "kind", "must_confirm"]
    search_fields = ["title"]
    list_select_related = ["area"]
    date_hierarchy = "created_at"


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "notice", "content_type", "size"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "notice__title"]
    list_select_related = ["notice"]
    visible_through = ("notice",)


@admin.register(NoticeRead)
class NoticeReadAdmin(ReadOnlyAdmin):
    list_display = ["notice", "deputy", "read_at", "confirmed_at"]
    list_filter = ["read_at", "confirmed_at"]
    search_fields = ["notice__title", "deputy__name"]
    list_select_related = ["notice", "deputy"]
    show_full_result_count = False
    visible_through = ("notice",)


@admin.register(NoticeReminder)
class NoticeReminderAdmin(ReadOnlyAdmin):
    list_display = ["notice", "deputy", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["notice__title", "deputy__name"]
    list_select_related = ["notice", "deputy"]
    visible_through = ("notice",)


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    """The file itself opens only from the library page, which checks access."""

    list_display = ["title", "kind", "status", "area", "original_name", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "tags"]
    list_select_related = ["area"]


@admin.register(MaterialDownload)
class MaterialDownloadAdmin(ReadOnlyAdmin):
    list_display = ["material", "user", "at"]
    list_filter = ["at"]
    search_fields = ["material__title", "user__username"]
    list_select_related = ["material", "user"]
    visible_through = ("material",)


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "required", "area", "created_at"]
    list_filter = ["kind", "status", "required"]
    search_fields = ["title"]
    list_select_related = ["area"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyAdmin):
    """Without the check-in code: it is what a QR check-in proves."""

    list_display = ["starts_at", "title", "course", "place", "lecturer"]
    list_filter = ["starts_at"]
    search_fields = ["title", "course__title", "lecturer"]
    list_select_related = ["course"]
    visible_through = ("course",)
    exclude = ["checkin_token"]


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["course", "deputy", "enrolled_at", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["course__title", "deputy__name"]
    list_select_related = ["course", "deputy"]
    show_full_result_count = False
    visible_through = ("course",)


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "deputy", "method", "at", "rating"]
    list_filter = ["method", "rating"]
    search_fields = ["session__title", "deputy__name"]
    list_select_related = ["session", "deputy"]
    show_full_result_count = False
    visible_through = ("session__course",)
    masked = {"feedback": mask_text}
