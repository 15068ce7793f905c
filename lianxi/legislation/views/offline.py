"""A contact point's staff enter opinions collected offline: one at a time, or a sheet."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lianxi.core.refusals import attempt
from lianxi.legislation import actions
from lianxi.legislation.access import access_consultation, contact_points_of
from lianxi.legislation.forms import OfflineForm, SheetForm
from lianxi.legislation.models import Comment
from lianxi.legislation.views.common import provision_choices
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, template_workbook


def _points(request: HttpRequest) -> list[Any]:
    points = contact_points_of(request.user)
    if not points:
        raise Http404
    return points


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offline(request: HttpRequest, consultation_id: int) -> HttpResponse:
    points = _points(request)
    consultation = access_consultation(request.user, consultation_id)
    choices = [(p.pk, p.name) for p in points]
    provisions = provision_choices(consultation.current)
    by_pk = {p.pk: p for p in points}
    kind = request.POST.get("kind", "")
    one = OfflineForm(
        request.POST if kind == "one" else None, points=choices, choices=provisions, prefix="one"
    )
    sheet = SheetForm(
        request.POST if kind == "sheet" else None,
        request.FILES if kind == "sheet" else None,
        points=choices,
        prefix="sheet",
    )
    errors: list[str] = []
    if kind == "one" and one.is_valid():
        data = one.cleaned_data
        item = actions.Offline(
            body=data["body"],
            provision_id=data["provision"],
            participants=data["participants"],
            place=data["place"],
            held_on=data["held_on"],
        )
        ok, _made = attempt(
            request,
            lambda: actions.record_offline(
                request.user, consultation, by_pk[data["contact_point"]], item=item
            ),
            one,
            _("The opinion was entered."),
        )
        if ok:
            return redirect("legislation_work:offline", consultation.pk)
    if kind == "sheet" and sheet.is_valid():
        data = sheet.cleaned_data
        done = attempt(
            request,
            lambda: actions.import_offline(
                request.user,
                consultation,
                by_pk[data["contact_point"]],
                data=data["file"].read(),
            ),
            flash=False,
        )
        if done.ok:
            from django.contrib import messages

            messages.success(request, _("%(n)d opinions were entered.") % {"n": done.result})
            return redirect("legislation_work:offline", consultation.pk)
        errors = done.message.split("\n")
    entered = (
        Comment.objects.filter(consultation=consultation, contact_point__in=points)
        .select_related("provision__parent__parent", "contact_point")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "legislation/staff/offline.html",
        {
            "consultation": consultation,
            "one": one,
            "sheet": sheet,
            "errors": errors,
            "entered": entered,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def offline_template(request: HttpRequest, consultation_id: int) -> HttpResponse:
    _points(request)
    consultation = access_consultation(request.user, consultation_id)
    body = template_workbook(
        _("Opinions"),
        actions.sheet_format().columns,
        ["第十二条", "建议明确遛犬时间段", 12, "青石社区议事厅", consultation.opens_on.isoformat()],
        [_("One row per opinion. 条文: 第十二条 or 12; leave it empty for the whole draft.")],
    )
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="opinions.xlsx"'
    return response
