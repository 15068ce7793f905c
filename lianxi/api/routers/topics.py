"""API of the topics app: similar cases for an intake client (the same safe fields the intake
page shows) and the hot issues for committee staff (scoped like the pages)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from lianxi.topics.access import hot_issues_for
from lianxi.topics.similar import public_matches

router = Router(tags=["topics"])


class SimilarQuery(Schema):
    title: str = Field("", max_length=80)
    content: str = Field("", max_length=2000)


class SimilarOut(Schema):
    case_id: int
    score: float
    published: bool
    title: str = Field(description="masked title of a published case; empty otherwise")
    tracking_number: str = Field(description="only for a published case")
    category: str
    place: str
    month: str
    status: str
    followers: int


@router.get("/topics/similar", response=list[SimilarOut], auth=None)
def similar(request: HttpRequest, query: Query[SimilarQuery]) -> list[SimilarOut]:
    """Up to five open or published cases like the given text. An unpublished case shows
    only its category, community, month, status and follower count."""
    if len(query.title) + len(query.content) < 8:
        return []
    return [SimilarOut(**vars(m)) for m in public_matches(query.title, query.content)]


class HotIssueOut(Schema):
    id: int
    rank: int
    label: str
    places: list[str]
    terms: list[str]
    size: int
    recent: int
    followers: int
    score: float
    first_at: datetime
    last_at: datetime
    trend: list[list[str | int]]


@router.get("/topics/hot-issues", response=list[HotIssueOut], auth=django_auth)
def hot_issues(request: HttpRequest) -> list[HotIssueOut]:
    """The current hot issues with at least one case in the user's scope (committee staff)."""
    try:
        issues = hot_issues_for(request.user).order_by("rank")
    except Http404:
        return []
    return [HotIssueOut.from_orm(i) for i in issues]
