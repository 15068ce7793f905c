"""Staff pages of the insight app: the routing models (committee, admin) and the answer
check that answer forms call while one types."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxi.core.errors import ActionError
from lianxi.insight import actions
from lianxi.insight.access import case_for_answer, require_model_admin
from lianxi.insight.answers import check
from lianxi.insight.models import RoutingModel, RoutingSuggestion

ANSWER_FIELDS = ("reply-text", "report_back-text", "dept_answer-answer", "text", "answer")


@login_required
@require_POST
def answer_check(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_answer(request.user, case_id)
    text = next((request.POST[f] for f in ANSWER_FIELDS if request.POST.get(f)), "")[:5000]
    findings = check(case.content, text, title=case.title)
    return render(
        request, "insight/_answer_findings.html", {"findings": findings, "checked": bool(text)}
    )


@login_required
def routing(request: HttpRequest) -> HttpResponse:
    require_model_admin(request.user)
    page = Paginator(RoutingModel.objects.select_related("trained_by"), 20).get_page(
        request.GET.get("page")
    )
    stats = RoutingSuggestion.objects.filter(category__isnull=False).aggregate(
        total=Count("id"),
        applied=Count("id", filter=Q(applied=True)),
        corrected=Count("id", filter=Q(corrected_at__isnull=False)),
    )
    reviewed = RoutingSuggestion.objects.filter(
        category__isnull=False, case__accepted_at__isnull=False
    )
    reviewed_total = reviewed.count()
    kept = reviewed.filter(corrected_at__isnull=True).count()
    return render(
        request,
        "insight/staff/routing.html",
        {
            "page": page,
            "active": RoutingModel.objects.filter(is_active=True).first(),
            "stats": stats,
            "reviewed": reviewed_total,
            "kept_share": kept / reviewed_total if reviewed_total else None,
        },
    )


@login_required
@require_POST
def retrain(request: HttpRequest) -> HttpResponse:
    require_model_admin(request.user)
    try:
        actions.request_retrain(request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Retraining has started; the new version appears here when it is done.")
        )
    return redirect("insight_work:routing")
