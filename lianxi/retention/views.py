"""Retention pages: the overview for administrators (periods, archive files, what is due, run
now, verify the audit chain), deletion requests for committee staff, and the citizen's own
request page. State changes only on POST."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate
from lianxi.retention import actions, anonymise, archive
from lianxi.retention.access import access_request, require_handler, require_runner
from lianxi.retention.forms import ApproveForm, RefuseForm, RequestForm
from lianxi.retention.models import AnonymisedCase, AuditArchive, DeletionRequest, RequestStatus
from lianxi.retention.policies import can_file_request


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    require_runner(request.user)
    now = timezone.now()
    oldest = AuditEvent.objects.order_by("id").values_list("at", flat=True).first()
    by_reason = dict(
        AnonymisedCase.objects.values_list("reason").annotate(n=Count("id")).order_by()
    )
    context = {
        "audit_days": settings.AUDIT_RETENTION_DAYS,
        "personal_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "events": AuditEvent.objects.count(),
        "oldest": oldest,
        "audit_due": archive.due(now).count(),
        "cases_due": anonymise.due(now).count(),
        "archives": AuditArchive.objects.order_by("-last_id")[:50],
        "anonymised_period": by_reason.get("period", 0),
        "anonymised_request": by_reason.get("request", 0),
        "pending": DeletionRequest.objects.filter(status=RequestStatus.PENDING).count(),
    }
    return render(request, "retention/overview.html", context)


@login_required
@require_POST
def run_archive(request: HttpRequest) -> HttpResponse:
    require_runner(request.user)
    ok, record = attempt(request, lambda: actions.archive_audit(request.user))
    if ok:
        if record is None:
            messages.info(request, _("No audit event is past the retention period."))
        else:
            messages.success(
                request,
                _("%(n)s audit events archived to %(file)s.")
                % {"n": record.events, "file": record.file_name},
            )
    return redirect("retention_work:overview")


@login_required
@require_POST
def run_anonymise(request: HttpRequest) -> HttpResponse:
    require_runner(request.user)
    ok, counts = attempt(request, lambda: actions.anonymise_closed(request.user))
    if ok:
        messages.success(
            request,
            _("%(cases)s cases anonymised: %(texts)s texts cleaned, %(files)s attachments deleted.")
            % {"cases": counts.cases, "texts": counts.texts, "files": counts.attachments},
        )
    return redirect("retention_work:overview")


@login_required
@require_POST
def verify_audit(request: HttpRequest) -> HttpResponse:
    require_runner(request.user)
    verdict = archive.verify()
    if verdict.ok:
        messages.success(
            request,
            _("The audit chain is intact: %(archived)s archived and %(db)s stored events.")
            % {"archived": verdict.archived, "db": verdict.in_database},
        )
    else:
        messages.error(
            request, _("The audit chain is broken: %(problem)s") % {"problem": verdict.problem}
        )
    return redirect("retention_work:overview")


@login_required
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_handler(user)
    status = request.GET.get("status", RequestStatus.PENDING)
    if status not in RequestStatus.values:
        status = RequestStatus.PENDING
    qs = (
        DeletionRequest.objects.visible_to(user)
        .filter(status=status)
        .select_related("citizen", "handled_by")
        .order_by("filed_at", "id")
    )
    tabs = [(value, label) for value, label in RequestStatus.choices]
    return render(
        request,
        "retention/requests.html",
        {"page": paginate(request, qs, 20), "status": status, "tabs": tabs},
    )


def _detail(
    request: HttpRequest,
    item: DeletionRequest,
    approve: Any = None,
    refuse: Any = None,
    status: int = 200,
) -> HttpResponse:
    citizen = item.citizen
    cases = Case.objects.filter(citizen=citizen)
    context = {
        "item": item,
        "open_cases": actions.open_cases(citizen),
        "closed_cases": cases.filter(status__in=anonymise.FINAL).count(),
        "approve": approve or ApproveForm(),
        "refuse": refuse or RefuseForm(),
    }
    return render(request, "retention/request.html", context, status=status)


@login_required
@require_safe
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _detail(request, access_request(request.user, request_id))


@login_required
@require_POST
def approve(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: actions.approve_request(request.user, item, answer=form.cleaned_data["answer"]),
            form,
            _("Approved: the citizen's personal data has been deleted."),
        )
        if done.ok:
            return redirect("retention_work:request", item.pk)
        return _detail(request, item, approve=form, status=done.status_with(invalid=400))
    return _detail(request, item, approve=form, status=400)


@login_required
@require_POST
def refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    form = RefuseForm(request.POST)
    if form.is_valid():
        done = attempt(
            request,
            lambda: actions.refuse_request(request.user, item, answer=form.cleaned_data["answer"]),
            form,
            _("Refused; the citizen has been told the reason."),
        )
        if done.ok:
            return redirect("retention_work:request", item.pk)
        return _detail(request, item, refuse=form, status=done.status_with(invalid=400))
    return _detail(request, item, refuse=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_requests(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_file_request(user):
        raise Http404
    form = RequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: actions.file_request(user, reason=form.cleaned_data["reason"]),
                form,
                _("Your request has been filed; you will be told the outcome."),
            )
            if done.ok:
                return redirect("privacy:deletion")
            status = done.status_with(invalid=400)
        else:
            status = 400
    mine = DeletionRequest.objects.visible_to(user).order_by("-filed_at")
    pending = mine.filter(status=RequestStatus.PENDING).exists()
    return render(
        request,
        "retention/mine.html",
        {
            "form": form,
            "requests": mine,
            "pending": pending,
            "open_cases": actions.open_cases(user),
        },
        status=status,
    )
