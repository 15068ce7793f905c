"""Admin of the topics app, read-only: the term index, hot issues and supervision topics are
refilled by jobs and decided through the topics actions; followers follow through theirs.
Hot issues and topics are for the roles that see them on the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404

from lianxi.cases.admin import case_label
from lianxi.core.admin import ReadOnlyAdmin, mask_phone, mask_text
from lianxi.topics.access import hot_issues_for
from lianxi.topics.models import CaseTerms, Follow, HotIssue, HotIssueRun, SupervisionTopic
from lianxi.topics.policies import ANALYST_ROLES


@admin.register(CaseTerms)
class CaseTermsAdmin(ReadOnlyAdmin):
    list_display = ["case", "indexed_at"]
    search_fields = ["=case__tracking_number"]
    list_filter = ["indexed_at"]
    list_select_related = ["case"]
    show_full_result_count = False
    visible_through = ("case",)
    masked = {"case": case_label, "terms": mask_text}


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["case", "via", "user", "phone", "created_at"]
    list_filter = ["via"]
    search_fields = ["=case__tracking_number"]
    list_select_related = ["case", "user"]
    masked = {"case": case_label, "phone": mask_phone}
    exclude = ["phone_hash"]


@admin.register(HotIssueRun)
class HotIssueRunAdmin(ReadOnlyAdmin):
    list_display = ["computed_at", "window_days", "cases", "groups", "seconds"]
    list_filter = ["window_days"]
    search_fields = ["=window_days"]
    date_hierarchy = "computed_at"
    open_to = ANALYST_ROLES


@admin.register(HotIssue)
class HotIssueAdmin(ReadOnlyAdmin):
    list_display = ["rank", "label", "area", "size", "recent", "followers", "last_at"]
    list_filter = ["last_at"]
    search_fields = ["label"]
    list_select_related = ["area"]
    exclude = ["cases"]

    def scope(self, user: Any, qs: QuerySet) -> QuerySet:
        """As the hot-issue pages: analysts, and only issues with a case they may see."""
        try:
            visible = hot_issues_for(user)
        except Http404:
            return qs.none()
        return qs.filter(pk__in=visible.values("pk"))


@admin.register(SupervisionTopic)
class SupervisionTopicAdmin(ReadOnlyAdmin):
    list_display = ["month", "department", "category", "cases", "score", "status"]
    list_filter = ["status", "month"]
    search_fields = ["department__name", "category__name"]
    list_select_related = ["department", "category"]
    open_to = ANALYST_ROLES
