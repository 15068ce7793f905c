"""API of the topics app: similar cases for an intake client (the same safe fields the intake
page shows) and the hot issues for committee staff (scoped like the pages)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from lianxi.api.bounds import Id
from lianxi.api.problems import answers, chosen
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area
from lianxi.topics.access import hot_issues_for
from lianxi.topics.similar import PublicSimilar, public_similar

router = Router(tags=["topics"])


class SimilarQuery(Schema):
    title: str = Field("", max_length=80)
    content: str = Field("", max_length=2000)
    community: Id | None = Field(None, description="count the handled ones in this community")


class PublishedMatchOut(Schema):
    title: str = Field(description="the published case's masked title")
    tracking_number: str
    category: str
    place: str
    month: str
    status: str
    score: float


class SimilarOut(Schema):
    published: list[PublishedMatchOut]
    handled: int = Field(description="similar matters being handled: a count, nothing else")
    place: str = Field(description="the community `handled` counts in; empty: anywhere")
    follow_url: str = Field(description="the page where a citizen follows them; empty if none")


@router.get("/topics/similar", response=answers(SimilarOut, 422), auth=None)
def similar(request: HttpRequest, query: Query[SimilarQuery]) -> SimilarOut:
    """Published cases like the given text, and how many others are being handled (what the
    public filing page shows: nothing of an unpublished case but the count)."""
    community = chosen(Area.objects.filter(level=AreaLevel.COMMUNITY), query.community, "community")
    found = PublicSimilar([], 0, "", "")
    if len(query.title) + len(query.content) >= 8:
        found = public_similar(query.title, query.content, community=community)
    return SimilarOut(
        published=[PublishedMatchOut(**vars(m)) for m in found.published],
        handled=found.handled,
        place=found.place,
        follow_url=reverse("topics:follow", args=[found.follow_token]) if found.handled else "",
    )


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
