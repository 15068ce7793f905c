"""Performance pages under /work/performance/: the deputy's own record, staff's ranking of
the deputies of their jurisdiction, a record with its breakdown and lines, own entries and
their review, the year's scoring scheme. State changes only on POST, through the actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.refusals import attempt
from lianxi.performance import actions, defaults
from lianxi.performance.access import access_entry, access_record, require_staff
from lianxi.performance.choices import EntryStatus, Grade, LineKind
from lianxi.performance.forms import (
    EntryForm,
    PublishForm,
    RejectForm,
    SchemeForm,
    cap_field,
    points_field,
)
from lianxi.performance.models import ManualEntry, Record, Scheme
from lianxi.performance.policies import can_review, is_owner, own_deputy
from lianxi.portal.rendering import paginate

KIND_LABELS = dict(LineKind.choices)


def _year(request: HttpRequest) -> int:
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if actions.MIN_YEAR <= year <= actions.MAX_YEAR else timezone.localdate().year


def _years(current: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({this, this - 1, this - 2, current}, reverse=True)


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """A deputy lands on their own record; staff on the ranking of their jurisdiction."""
    user: Any = request.user
    if own_deputy(user) is not None:
        return mine(request)
    require_staff(user)
    year = _year(request)
    qs = Record.objects.visible_to(user).filter(year=year).select_related("deputy__constituency")
    q = (request.GET.get("q") or "").strip()[:40]
    if q:
        qs = qs.filter(Q(deputy__name__contains=q) | Q(deputy__delegation__contains=q))
    grade = request.GET.get("grade", "")
    if grade in Grade.values:
        qs = qs.filter(grade=grade)
    counts = dict(
        Record.objects.visible_to(user)
        .filter(year=year)
        .values_list("grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    bands = [(value, label, counts.get(value, 0)) for value, label in Grade.choices]
    pending = ManualEntry.objects.visible_to(user).filter(status=EntryStatus.PENDING).count()
    ranked = qs.order_by("-score", "deputy__name", "pk")
    return render(
        request,
        "performance/ranking.html",
        {
            "year": year,
            "years": _years(year),
            "page": paginate(request, ranked, 50),
            "q": q,
            "grade": grade,
            "bands": bands,
            "unscored": counts.get("", 0),
            "pending": pending,
            "scheme": Scheme.objects.filter(year=year).first(),
        },
    )


def mine(request: HttpRequest) -> HttpResponse:
    deputy = own_deputy(request.user)
    if deputy is None:
        raise Http404
    year = _year(request)
    record = Record.objects.filter(deputy=deputy, year=year).first()
    if record is not None:
        return _record_page(request, record, year=year)
    return render(
        request,
        "performance/record.html",
        {
            "record": None,
            "deputy": deputy,
            "year": year,
            "years": _years(year),
            "owner": True,
            "entry_form": EntryForm(),
        },
    )


def _breakdown(record: Record) -> list[dict[str, Any]]:
    rows = []
    for row in record.breakdown or []:
        rows.append(
            row
            | {
                "label": KIND_LABELS.get(row["kind"], row["kind"]),
                "negative": Decimal(row["points"]) < 0,
            }
        )
    return rows


def _record_page(
    request: HttpRequest,
    record: Record,
    *,
    year: int | None = None,
    entry_form: EntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    lines = record.lines.order_by("-day", "-pk")
    kind = request.GET.get("kind", "")
    if kind in LineKind.values:
        lines = lines.filter(kind=kind)
    per_kind = dict(record.lines.values_list("kind").annotate(n=Count("id")).order_by())
    owner = is_owner(user, record)
    staff = can_review(user, record)
    context = {
        "record": record,
        "deputy": record.deputy,
        "year": record.year,
        "years": _years(record.year),
        "owner": owner,
        "staff": staff,
        "breakdown": _breakdown(record),
        "lines": paginate(request, lines, 30),
        "kind": kind,
        "kinds": [(k, KIND_LABELS[k], per_kind[k]) for k in LineKind.values if per_kind.get(k)],
        "entries": record.entries.select_related("decided_by").order_by("-created_at"),
        "entry_form": entry_form or (EntryForm() if owner else None),
        "reject_form": RejectForm() if staff else None,
        "publish_form": PublishForm(
            initial={"summary": record.summary, "published": record.published}
        )
        if staff
        else None,
    }
    return render(request, "performance/record.html", context, status=status)


@login_required
@require_safe
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, access_record(request.user, pk))


@login_required
@require_POST
def entry_new(request: HttpRequest) -> HttpResponse:
    deputy = own_deputy(request.user)
    if deputy is None:
        raise Http404
    year = _year(request)
    form = EntryForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["attachment"]
        data = actions.EntryData(
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            day=form.cleaned_data["day"],
            description=form.cleaned_data["description"],
        )
        file = (upload.name, upload.read())
        done = attempt(
            request,
            lambda: actions.submit_entry(request.user, year=year, data=data, file=file),
            form=form,
            success=_("Your entry was sent for review."),
        )
        if done.ok:
            return redirect("performance:record", done.result.record_id)
        status = done.status_with(invalid=400)
    else:
        status = 400
    record = Record.objects.filter(deputy=deputy, year=year).first()
    if record is not None:
        return _record_page(request, record, entry_form=form, status=status)
    return render(
        request,
        "performance/record.html",
        {
            "record": None,
            "deputy": deputy,
            "year": year,
            "years": _years(year),
            "owner": True,
            "entry_form": form,
        },
        status=status,
    )


@login_required
@require_safe
def entry_file(request: HttpRequest, pk: int) -> FileResponse:
    entry = access_entry(request.user, pk)
    try:
        handle = entry.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=entry.attachment_name, content_type=entry.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def entry_approve(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_entry(request.user, pk)
    if not can_review(request.user, entry.record):
        raise Http404
    attempt(
        request,
        lambda: actions.approve_entry(request.user, entry=entry),
        success=_("The entry was approved; the score is updated."),
    )
    return redirect("performance:record", entry.record_id)


@login_required
@require_POST
def entry_reject(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_entry(request.user, pk)
    if not can_review(request.user, entry.record):
        raise Http404
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is rejected (2 to 300 characters)."))
        return redirect("performance:record", entry.record_id)
    attempt(
        request,
        lambda: actions.reject_entry(request.user, entry=entry, reason=form.cleaned_data["reason"]),
        success=_("The entry was rejected; the deputy is told why."),
    )
    return redirect("performance:record", entry.record_id)


@login_required
@require_safe
def entry_queue(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    qs = (
        ManualEntry.objects.visible_to(request.user)
        .filter(status=EntryStatus.PENDING)
        .select_related("record__deputy")
        .order_by("created_at", "pk")
    )
    return render(request, "performance/entries.html", {"page": paginate(request, qs, 30)})


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_record(request.user, pk)
    if not can_review(request.user, record):
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.publish_summary(
                request.user,
                record=record,
                summary=form.cleaned_data["summary"],
                published=form.cleaned_data["published"],
            ),
            success=_("The public summary was saved."),
        )
    return redirect("performance:record", record.pk)


def _initial(year: int) -> dict[str, Any]:
    scheme = Scheme.objects.filter(year=year).first()
    version = scheme.current() if scheme else None
    if version is None:
        initial: dict[str, Any] = {"base": defaults.BASE, **defaults.BANDS}
        for kind, (points, cap) in defaults.ITEMS.items():
            initial[points_field(kind)] = points
            initial[cap_field(kind)] = cap
        return initial
    initial = {
        "base": version.base,
        "excellent_from": version.excellent_from,
        "competent_from": version.competent_from,
        "basic_from": version.basic_from,
    }
    for item in version.items.all():
        initial[points_field(item.kind)] = item.points
        initial[cap_field(item.kind)] = item.cap
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scheme(request: HttpRequest, year: int) -> HttpResponse:
    require_staff(request.user)
    if not actions.MIN_YEAR <= year <= actions.MAX_YEAR:
        raise Http404
    status = 200
    if request.method == "POST":
        form = SchemeForm(request.POST)
        if form.is_valid():
            c = form.cleaned_data
            items = [
                actions.ItemData(kind, c[points_field(kind)], c[cap_field(kind)])
                for kind in LineKind.values
                if c.get(points_field(kind)) not in (None, 0)
            ]
            data = actions.SchemeData(
                items=items,
                base=c["base"],
                excellent_from=c["excellent_from"],
                competent_from=c["competent_from"],
                basic_from=c["basic_from"],
                note=c["note"],
            )
            done = attempt(
                request,
                lambda: actions.save_scheme(request.user, year=year, data=data),
                form=form,
                success=_("The scheme was saved; the scores are being recomputed."),
            )
            if done.ok:
                return redirect("performance:scheme", year)
            status = done.status_with(invalid=400)
        else:
            status = 400
    else:
        form = SchemeForm(initial=_initial(year))
    found = Scheme.objects.filter(year=year).first()
    versions = found.versions.select_related("created_by").order_by("-number") if found else []
    return render(
        request,
        "performance/scheme.html",
        {"form": form, "year": year, "versions": versions, "years": _years(year)},
        status=status,
    )


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    year = _year(request)
    attempt(
        request,
        lambda: actions.recompute(request.user, year=year),
        success=_("The scores of %(year)s are being recomputed.") % {"year": year},
    )
    return redirect(f"/work/performance/?year={year}")
