"""`access_*` helpers: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.publicity.models import AnnualReport, Story, StoryPhoto


def access_story(user: Any, story_id: int) -> Story:
    found = Story.objects.visible_to(user).select_related("area").filter(pk=story_id).first()
    if found is None:
        raise Http404
    return found


def access_managed(user: Any, story_id: int) -> Story:
    """A story the user may work on (committee staff of its area, administrators)."""
    found = Story.objects.managed_by(user).select_related("area").filter(pk=story_id).first()
    if found is None:
        raise Http404
    return found


def access_photo(user: Any, photo_id: int) -> StoryPhoto:
    found = StoryPhoto.objects.visible_to(user).select_related("story").filter(pk=photo_id).first()
    if found is None:
        raise Http404
    return found


def access_report(user: Any, report_id: int) -> AnnualReport:
    found = (
        AnnualReport.objects.visible_to(user).select_related("area").filter(pk=report_id).first()
    )
    if found is None:
        raise Http404
    return found


def access_managed_report(user: Any, report_id: int) -> AnnualReport:
    found = (
        AnnualReport.objects.managed_by(user).select_related("area").filter(pk=report_id).first()
    )
    if found is None:
        raise Http404
    return found
