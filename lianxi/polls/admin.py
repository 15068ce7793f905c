"""Admin of polls, read-only: they change through the actions (lianxi/polls/actions.py)."""

from __future__ import annotations

from django.contrib import admin

from lianxi.core.admin import ReadOnlyAdmin
from lianxi.polls.models import Link, Poll, Question, Response, Result


@admin.register(Poll)
class PollAdmin(ReadOnlyAdmin):
    list_display = ["title", "area", "deputy", "audience", "status", "opens_on", "closes_on"]
    list_filter = ["status", "audience", "results_public"]
    search_fields = ["title"]
    list_select_related = ["area", "deputy"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["poll", "number", "kind", "text", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["text", "poll__title"]
    list_select_related = ["poll"]
    visible_through = ("poll",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["poll", "source", "area", "age_band", "created_at", "updated_at", "changes"]
    list_filter = ["source", "age_band"]
    search_fields = ["poll__title", "paper_number"]
    list_select_related = ["poll", "area"]
    # Free-text answers may hold personal details: read on the results pages, masked.
    exclude = ["answers", "person_key"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["poll", "responses", "computed_at", "seconds"]
    list_filter = ["computed_at"]
    search_fields = ["poll__title"]
    list_select_related = ["poll"]
    exclude = ["data"]
    visible_through = ("poll",)


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = ["poll", "kind", "case", "proposal", "created_at"]
    list_filter = ["kind"]
    search_fields = ["poll__title"]
    list_select_related = ["poll", "case", "proposal"]
    visible_through = ("poll",)
