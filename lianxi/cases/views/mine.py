"""The signed-in citizen's own cases: the list, one case with its steps (rate, reopen, press
for an answer), and the access-checked attachment download."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lianxi.audit.log import log
from lianxi.cases import actions
from lianxi.cases.choices import Status
from lianxi.cases.deadlines import applicable
from lianxi.cases.forms.intake import RateForm, ReopenForm
from lianxi.cases.models import Case
from lianxi.cases.policies import can_see_contact, can_step
from lianxi.cases.views.public import _citizen, _with_timeline, public_timeline
from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate

MINE_PER_PAGE = 10


# ---------------------------------------------------------------- the citizen's own cases


def _require_citizen(request: HttpRequest) -> Any:
    citizen = _citizen(request)
    if citizen is None:
        raise Http404
    return citizen


@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:citizen_login") + "?next=" + reverse("cases:mine"))
    citizen = _require_citizen(request)
    cases = Case.objects.visible_to(citizen).select_related("category").order_by("-submitted_at")
    return render(
        request, "cases/public/mine.html", {"page": paginate(request, cases, MINE_PER_PAGE)}
    )


def _rating_needs_department(case: Case) -> bool:
    last = None
    for event in case.events.all():
        if event.step in {"replied", "reported"}:
            last = event.step
    return last == "reported"


@require_http_methods(["GET", "POST"])
def mine_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    citizen = _require_citizen(request)
    case = _with_timeline(Case.objects.visible_to(citizen).filter(pk=case_id)).first()
    if case is None:
        raise Http404
    with_department = _rating_needs_department(case)
    rate_form = RateForm(with_department=with_department, prefix="rate")
    reopen_form = ReopenForm(prefix="reopen")
    status = 200
    error = ""
    if request.method == "POST":
        step = request.POST.get("step")
        done = None
        if step == "rate":
            rate_form = RateForm(request.POST, with_department=with_department, prefix="rate")
            if rate_form.is_valid():
                rating = rate_form.cleaned_data
                done = attempt(
                    request,
                    lambda: actions.rate_case(
                        citizen,
                        case=case,
                        deputy_rating=rating["deputy_rating"],
                        department_rating=rating.get("department_rating") or "",
                        comment=rating["comment"],
                    ),
                    rate_form,
                    success=_("Thank you: your rating is recorded and the case is closed."),
                )
        elif step == "reopen":
            reopen_form = ReopenForm(request.POST, prefix="reopen")
            if reopen_form.is_valid():
                reason = reopen_form.cleaned_data["reason"]
                done = attempt(
                    request,
                    lambda: actions.reopen_case(citizen, case=case, reason=reason),
                    reopen_form,
                    success=_("Your matter is reopened and back with the deputy."),
                )
        elif step == "chase":
            done = attempt(
                request,
                lambda: actions.chase_case(citizen, case=case),
                flash=False,
                success=_("We have pressed for an answer; you will be told when it comes."),
            )
            error = done.message
        else:
            error = _("Unknown step.")
        if done is not None and done.ok:
            return redirect("cases:mine_detail", case_id=case.pk)
        status = 422
    deadline = applicable(case)
    context = {
        "case": case,
        "title": case.title,
        "timeline": public_timeline(case),
        "show_contact": can_see_contact(citizen, case),
        "can_rate": case.status == Status.REPORTED and can_step(citizen, case, "rate"),
        "can_reopen": case.status == Status.CLOSED
        and case.outcome == "not_solved"
        and case.reopen_count < actions.MAX_REOPENS,
        # The deadline that applies: the department's once it signed for the case.
        "can_chase": deadline is not None and deadline.due < timezone.localdate(),
        "rate_form": rate_form,
        "reopen_form": reopen_form,
        "error": error,
    }
    return render(request, "cases/public/mine_detail.html", context, status=status)


# ---------------------------------------------------------------- attachments


@require_safe
def attachment(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponseBase:
    """Only for users who may see the case (its citizen included); 404 for everyone else."""
    if not request.user.is_authenticated:
        raise Http404
    case = Case.objects.visible_to(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    item = case.attachments.filter(pk=attachment_id).first()
    if item is None or not item.file:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log(request.user, "cases.attachment_download", case, {"attachment": item.pk})
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
