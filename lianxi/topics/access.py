"""Fetching rows for a user: missing and forbidden give the same 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lianxi.cases.models import Case
from lianxi.topics.models import Follow, HotIssue, SupervisionTopic
from lianxi.topics.policies import can_decide_topics, can_see_hot_issues
from lianxi.topics.similar import followed_by_token, is_followable


def hot_issues_for(user: Any) -> QuerySet[HotIssue]:
    """The hot issues with at least one case the user may see."""
    if not can_see_hot_issues(user):
        raise Http404
    visible = Case.objects.visible_to(user).values("pk")
    return HotIssue.objects.filter(cases__in=visible).distinct().select_related("area")


def hot_issue(user: Any, issue_id: int) -> HotIssue:
    issue = hot_issues_for(user).filter(pk=issue_id).first()
    if issue is None:
        raise Http404
    return issue


def topic(user: Any, topic_id: int) -> SupervisionTopic:
    if not can_decide_topics(user):
        raise Http404
    found = (
        SupervisionTopic.objects.filter(pk=topic_id)
        .select_related("department", "category")
        .first()
    )
    if found is None:
        raise Http404
    return found


def followable_cases(token: str) -> list[Case]:
    """The cases a follow token (from the similar-case suggestions) names that can still be
    followed; a bad or expired token, or none left, is a 404."""
    found = Case.objects.select_related("community").filter(pk__in=followed_by_token(token))
    cases = [case for case in found.order_by("pk") if is_followable(case)]
    if not cases:
        raise Http404
    return cases


def own_follow(user: Any, follow_id: int) -> Follow:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    follow = Follow.objects.filter(pk=follow_id, user_id=user.pk).first()
    if follow is None:
        raise Http404
    return follow
