"""Committee pages: hot issues with trends and drill-down, and the monthly supervision topics."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate
from lianxi.topics import access, actions
from lianxi.topics.models import HotIssueRun, SupervisionTopic, TopicStatus
from lianxi.topics.policies import can_decide_topics, can_see_hot_issues
from lianxi.topics.tasks import window_days

PER_PAGE = 20
# The committee app's page for planning an activity, if it has one yet.
ACTIVITY_CREATE_NAMES = ("committee_work:activity_create", "committee_work:activity_new")


def activity_create_url() -> str | None:
    for name in ACTIVITY_CREATE_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _analyst(request: HttpRequest) -> Any:
    if not can_see_hot_issues(request.user):
        raise Http404
    return request.user


def _chart(issues: list[Any]) -> dict[str, Any]:
    weeks = sorted({w for issue in issues for w, _n in issue.trend})
    return {
        "weeks": weeks,
        "series": [
            {
                "name": issue.label,
                "data": [dict(issue.trend).get(w, 0) for w in weeks],
            }
            for issue in issues
        ],
        "labels": [issue.label for issue in issues],
        "sizes": [issue.size for issue in issues],
    }


@login_required
@require_safe
def hot_issues(request: HttpRequest) -> HttpResponse:
    user = _analyst(request)
    issues = access.hot_issues_for(user).order_by("rank")
    page = paginate(request, issues, PER_PAGE)
    top = list(issues[:8])
    context = {
        "page": page,
        "run": HotIssueRun.objects.first(),
        "chart": _chart(top),
        "window_days": window_days(),
    }
    return render(request, "topics/staff/hot_issues.html", context)


@login_required
@require_safe
def hot_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    user = _analyst(request)
    issue = access.hot_issue(user, issue_id)
    cases = (
        issue.cases.model.objects.visible_to(user)
        .filter(hot_issues=issue)
        .select_related("category", "community")
        .order_by("-submitted_at", "-id")
    )
    context = {
        "issue": issue,
        "page": paginate(request, cases, PER_PAGE),
        "hidden": issue.size - cases.count(),
        "chart": _chart([issue]),
    }
    return render(request, "topics/staff/hot_issue.html", context)


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    user = _analyst(request)
    from lianxi.topics.tasks import index_new_cases

    def regroup() -> Any:
        index_new_cases()
        return actions.refresh_hot_issues(user, window_days=window_days())

    done = attempt(request, regroup)
    if done.ok:
        messages.success(
            request,
            _("Regrouped %(cases)d cases into %(groups)d hot issues.")
            % {"cases": done.result.cases, "groups": done.result.groups},
        )
    return redirect("topics_work:hot_issues")


ACTIVITY_KINDS = ("inspection", "enforcement")  # 视察, 执法检查 (committee ActivityKind)


def _activity_link(topic: SupervisionTopic, kind: str = "inspection") -> str | None:
    base = activity_create_url()
    if base is None:
        return None
    theme = topic.category.name if topic.category else ""
    title = _("Inspection: %(department)s, %(theme)s") % {
        "department": topic.department.name,
        "theme": theme or _("recurring problems"),
    }
    kind = kind if kind in ACTIVITY_KINDS else "inspection"
    return base + "?" + urlencode({"kind": kind, "title": title, "topic": topic.pk})


@login_required
@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    if not can_decide_topics(request.user):
        raise Http404
    qs = SupervisionTopic.objects.select_related("department", "category", "decided_by")
    page = paginate(request, qs, PER_PAGE)
    rows = [(t, _activity_link(t)) for t in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "can_plan": activity_create_url() is not None,
        "proposed": TopicStatus.PROPOSED,
    }
    return render(request, "topics/staff/topics.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = access.topic(request.user, topic_id)
    adopt = request.POST.get("decision") == "adopt"
    if not attempt(
        request, lambda: actions.decide_topic(request.user, topic=topic, adopt=adopt)
    ).ok:
        return redirect("topics_work:topics")
    link = _activity_link(topic, request.POST.get("kind", "")) if adopt else None
    if link:
        return redirect(link)
    messages.success(request, _("Taken up.") if adopt else _("Dismissed."))
    return redirect("topics_work:topics")
