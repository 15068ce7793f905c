"""Reply templates (B8): staff list the templates they may use, and write, change, share and
delete their own. Another's template answers 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.cases import reply_templates
from lianxi.cases.forms.templates import TemplateForm
from lianxi.cases.models import ReplyTemplate
from lianxi.cases.views.staff import _staff
from lianxi.core.refusals import attempt


def _own(user: Any, template_id: int) -> ReplyTemplate:
    template = ReplyTemplate.objects.editable_by(user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    return template


@login_required
@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    visible = (
        ReplyTemplate.objects.visible_to(user)
        .select_related("category", "owner", "shared_station", "shared_department", "shared_area")
        .order_by("title", "id")
    )
    mine = [t for t in visible if t.owner_id == user.pk]
    others = [t for t in visible if t.owner_id != user.pk]
    return render(request, "cases/staff/templates.html", {"mine": mine, "others": others})


def _edit(request: HttpRequest, template: ReplyTemplate | None) -> HttpResponse:
    user = _staff(request)
    form = TemplateForm(request.POST or None, user=user, template=template)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: reply_templates.save_template(user, data=form.data_in(), template=template),
            form,
            gettext("The reply template is saved."),
        )
        if done.ok:
            return redirect("casework:templates")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "template": template}
    return render(request, "cases/staff/template_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    return _edit(request, _own(_staff(request), template_id))


@login_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    user = _staff(request)
    template = _own(user, template_id)
    attempt(
        request,
        lambda: reply_templates.delete_template(user, template=template),
        success=gettext("The reply template is deleted."),
    )
    return redirect("casework:templates")
