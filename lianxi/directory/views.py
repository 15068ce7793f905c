"""Staff pages to import and export the directory (committee staff and administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from lianxi.core.choices import Role
from lianxi.core.errors import ActionError, NotAllowed
from lianxi.directory import actions, policies
from lianxi.directory.excel import COLUMNS, DEPUTIES, XLSX_CONTENT_TYPE, template_workbook
from lianxi.directory.forms import ImportForm
from lianxi.directory.models import Area
from lianxi.directory.policies import can_manage_directory

KIND_LABELS = {
    "deputies": gettext_lazy("Deputies"),
    "stations": gettext_lazy("Liaison stations"),
    "departments": gettext_lazy("Departments"),
}
MATCH_RULES = {
    "deputies": gettext_lazy("name and constituency code"),
    "stations": gettext_lazy("name"),
    "departments": gettext_lazy("name"),
}


def _require_manager(request: HttpRequest) -> None:
    """Same 404 for every role that may not manage the directory."""
    if not can_manage_directory(request.user):
        raise Http404


def _check_kind(kind: str) -> None:
    if kind not in actions.KINDS:
        raise Http404


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A downloaded workbook; never cached, since it may hold personal data."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response


def export_filename(kind: str) -> str:
    return f"{kind}-{timezone.localdate():%Y%m%d}.xlsx"


def wants_contact(request: HttpRequest) -> bool:
    return request.GET.get("contact", "").lower() in {"1", "on", "true", "yes"}


def _kind_context(kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "label": KIND_LABELS[kind],
        "match_rule": MATCH_RULES[kind],
        "columns": COLUMNS[kind],
        "import_url": reverse("directory:import", kwargs={"kind": kind}),
        "export_url": reverse("directory:export", kwargs={"kind": kind}),
        "template_url": reverse("directory:template", kwargs={"kind": kind}),
        "has_contact": kind == DEPUTIES,
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return render(
        request,
        "directory/index.html",
        {
            "kinds": [_kind_context(kind) for kind in actions.KINDS],
            "can_contact": policies.can_export_contact(request.user),
        },
    )


def run_import(request: HttpRequest, kind: str) -> tuple[ImportForm, Any]:
    """Bind the upload form, run the import action, and say how it went; the admin's import
    page uses it too. Returns the form (with errors) and the result (None if not run)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = actions.import_directory(request.user, kind=kind, data=form.read())
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Imported %(rows)d rows: %(created)d created, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "rows": result.rows,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
    return form, result


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, kind: str) -> HttpResponse:
    _check_kind(kind)
    _require_manager(request)
    form, result = run_import(request, kind)
    if result is not None and result.ok:
        return redirect("directory:import", kind=kind)
    context = _kind_context(kind) | {"form": form, "result": result}
    return render(request, "directory/import.html", context)


@login_required
@require_safe
def export_view(request: HttpRequest, kind: str) -> HttpResponse:
    _check_kind(kind)
    _require_manager(request)
    include_contact = wants_contact(request)
    if include_contact and not policies.can_export_contact(request.user):
        raise Http404
    try:
        content = actions.export_directory(request.user, kind=kind, include_contact=include_contact)
    except NotAllowed as exc:
        raise Http404 from exc
    return xlsx_response(content, export_filename(kind))


@login_required
@require_safe
def template_view(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty import file: the headers, drop-downs, one example row and notes."""
    _check_kind(kind)
    _require_manager(request)
    user: Any = request.user
    area = user.jurisdiction if user.role == Role.COMMITTEE else None
    if area is None:
        area = Area.objects.filter(level=3).order_by("code").first()
    content = template_workbook(kind, area.code if area else "110101000000")
    return xlsx_response(content, f"{kind}-template.xlsx")
