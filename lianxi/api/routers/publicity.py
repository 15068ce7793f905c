"""Success stories: read the published ones (anyone; staff also their area's drafts), and for
committee staff the review steps. Writing a story and its photos is done on the pages.
Every change goes through lianxi.publicity.actions; refusals answer as
lianxi/api/problems.py says."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.security import django_auth

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.examples import example
from lianxi.api.problems import ACTS_ON, answers
from lianxi.api.steps import steps
from lianxi.publicity import actions
from lianxi.publicity.models import PublishedCase, Story

router = Router(tags=["publicity"], auth=django_auth)
MAX_PAGE = 100


class StoryPhotoOut(Schema):
    id: int
    kind: str
    caption: str
    width: int
    height: int
    url: str


class StoryLinkOut(Schema):
    tracking_number: str
    title: str


class StoryOut(Schema):
    id: int
    title: str
    summary: str
    body: str = Field(description="sanitised HTML")
    status: str
    area: str
    published_at: datetime | None
    deputies: list[str]
    cases: list[StoryLinkOut] = Field(description="the published cases the story tells about")
    photos: list[StoryPhotoOut]
    url: str


class StoryReviewerIn(Schema):
    model_config = example(reviewer_id=2)

    reviewer_id: Id


class StoryReasonIn(Schema):
    model_config = example(reason="请补充整改前后的照片说明。")

    reason: str = Field(..., max_length=500)


def story_out(story: Story) -> dict[str, Any]:
    published = PublishedCase.objects.filter(case_id__in=story.cases.values("pk")).order_by(
        "closed_at"
    )
    return {
        "id": story.pk,
        "title": story.title,
        "summary": story.summary,
        "body": story.body,
        "status": story.status,
        "area": story.area.name,
        "published_at": story.published_at,
        "deputies": [d.name for d in story.deputies.order_by("name")],
        "cases": [{"tracking_number": p.tracking_number, "title": p.title} for p in published],
        "photos": [
            {
                "id": p.pk,
                "kind": p.kind,
                "caption": p.caption,
                "width": p.width,
                "height": p.height,
                "url": f"/stories/photos/{p.pk}.jpg",
            }
            for p in story.photos.all()
        ],
        "url": f"/stories/{story.pk}/",
    }


def find(user: Any, story_id: int) -> Story:
    return get_object_or_404(Story.objects.visible_to(user).select_related("area"), pk=story_id)


@router.get("/stories", response=list[StoryOut], auth=None)
def list_stories(request: HttpRequest, offset: Offset = 0, limit: Limit = 20) -> Any:
    """Published stories, newest first (staff also see their area's drafts and reviews)."""
    limit = max(1, min(limit, MAX_PAGE))
    qs = Story.objects.visible_to(request.user).select_related("area").prefetch_related("photos")
    items = qs.order_by("-published_at", "-pk")[offset : offset + limit]
    return [story_out(s) for s in items]


@router.get("/stories/{int:story_id}", response=answers(StoryOut, 404), auth=None)
def get_story(request: HttpRequest, story_id: Id) -> Any:
    return story_out(find(request.user, story_id))


def _run(request: HttpRequest, story_id: Id, do: Any) -> Any:
    story = find(request.user, story_id)
    do(request.user, story)
    return story_out(find(request.user, story_id))


step = steps(router, "/stories", "story_id", run=_run, response=answers(StoryOut, *ACTS_ON))


@step("submit")
def submit_story(user: Any, story: Story, payload: StoryReviewerIn) -> Any:
    """Send a draft for review to another staff member of its area (who is told)."""
    return actions.submit_story(user, story, reviewer_id=payload.reviewer_id)


@step("publish")
def publish(user: Any, story: Story) -> Any:
    """The reviewer publishes the story (not its author)."""
    return actions.publish_story(user, story)


@step("return")
def return_story(user: Any, story: Story, payload: StoryReasonIn) -> Any:
    """The reviewer returns the story to its author with the reason."""
    return actions.return_story(user, story, reason=payload.reason)


@step("withdraw")
def withdraw(user: Any, story: Story, payload: StoryReasonIn) -> Any:
    """Take a published story off the public site."""
    return actions.withdraw_story(user, story, reason=payload.reason)
