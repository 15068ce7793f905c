"""Replies for deputies and staff: a reply text filled from a template (htmx), and bulk reply
to several assigned cases, each its own action."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from lianxi.cases import actions, reply_templates
from lianxi.cases.choices import Status
from lianxi.cases.forms import staff as forms
from lianxi.cases.models import Case, Referral, ReplyTemplate
from lianxi.cases.views.staff import _staff, access_case
from lianxi.core.choices import Role
from lianxi.core.refusals import attempt

# ---------------------------------------------------------------- reply templates

PICKER_STEPS: dict[str, Any] = {
    "reply": forms.ReplyForm,
    "report_back": forms.ReportBackForm,
    "dept_answer": forms.AnswerForm,
}


@login_required
@require_safe
def reply_template(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx: the step's text field filled from the chosen template (the user edits it then)."""
    user = _staff(request)
    case = access_case(user, case_id)
    step = request.GET.get("step") or "reply"
    if step not in PICKER_STEPS:
        raise Http404
    raw = request.GET.get(f"{step}-template") or ""
    template = (
        reply_templates.usable(user, case).filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 10
        else None
    )
    form_class = PICKER_STEPS[step]
    text = reply_templates.fill(template, case) if template else ""
    form = form_class(prefix=step, user=user, case=case, initial={form_class.text_field: text})
    return render(request, "cases/staff/_reply_text.html", {"form": form})


# ---------------------------------------------------------------- bulk reply (B8)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 10][:100]


@login_required
@require_http_methods(["GET", "POST"])
def bulk_reply(request: HttpRequest) -> HttpResponse:
    """Reply to several assigned cases at once, each text editable; each reply its own action."""
    user = _staff(request)
    if user.role != Role.DEPUTY:
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    cases = list(
        Case.objects.visible_to(user)
        .filter(pk__in=_ids(source.getlist("ids")), status=Status.ASSIGNED)
        .select_related("deputy")
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("department"),
            )
        )
        .order_by("-submitted_at", "-id")
    )
    if not cases:
        messages.error(request, gettext("Select at least one case that is with you."))
        return redirect(f"{_list_url()}?view=mine&status=assigned")
    if request.method == "POST":
        return _send_bulk(request, user, cases)
    raw = request.GET.get("template") or ""
    template = (
        ReplyTemplate.objects.visible_to(user).filter(pk=int(raw), is_active=True).first()
        if raw.isdigit() and len(raw) < 10
        else None
    )
    rows = [(case, reply_templates.fill(template, case) if template else "", "") for case in cases]
    return render(request, "cases/staff/bulk_reply.html", {"rows": rows, "template": template})


def _send_bulk(request: HttpRequest, user: Any, cases: list[Case]) -> HttpResponse:
    sent, rows, failed = 0, [], False
    for case in cases:
        text = request.POST.get(f"text-{case.pk}", "")
        reply = partial(actions.reply_to_case, user, case=case, text=text)
        done = attempt(request, reply, flash=False)
        if done.ok:
            sent += 1
        else:
            failed = True
            rows.append((case, text, done.message))
    if sent:
        messages.success(request, gettext("%(n)d replies sent.") % {"n": sent})
    if not failed:
        return redirect(f"{_list_url()}?view=mine")
    return render(
        request, "cases/staff/bulk_reply.html", {"rows": rows, "template": None}, status=422
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("casework:list")
