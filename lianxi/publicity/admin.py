"""Admin of the publicity app: stories, their photos and annual reports change only through
the publicity actions; the published-case digest is kept by the case steps."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.publicity.models import AnnualReport, PublishedCase, Story, StoryPhoto


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "area", "author", "reviewer", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["area", "author", "reviewer"]
    date_hierarchy = "published_at"


@admin.register(StoryPhoto)
class StoryPhotoAdmin(ReadOnlyAdmin):
    list_display = ["story", "kind", "caption", "width", "height", "size"]
    list_filter = ["kind"]
    search_fields = ["story__title", "caption"]
    list_select_related = ["story"]
    visible_through = ("story",)


@admin.register(PublishedCase)
class PublishedCaseAdmin(ReadOnlyAdmin):
    list_display = ["tracking_number", "title", "district", "category", "closed_at"]
    list_filter = ["district", "category"]
    search_fields = ["tracking_number", "title"]
    date_hierarchy = "closed_at"
    show_full_result_count = False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "area", "status", "finalised_at"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    list_select_related = ["area"]
