"""Reply templates (B8): those I may use (filled for a case with `case_id`), the units I may
share mine with, and writing, changing and deleting my own. A template I do not see answers
404; one I see but do not own, 403."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from lianxi.api.examples import example
from lianxi.api.problems import ACTS, ACTS_ON, answers, api_fields, chosen, no_such_choice
from lianxi.api.routers.cases.out import staff_cases
from lianxi.api.routers.cases.router import router
from lianxi.cases import reply_templates
from lianxi.cases.forms.templates import unit_key
from lianxi.cases.models import ReplyTemplate
from lianxi.cases.querysets import template_units
from lianxi.directory.models import Category

FIELDS = {"category": "category_id", "share": "share"}


class ReplyTemplateIn(Schema):
    model_config = example(
        title="维修类通用答复",
        body="您反映的{title}（编号{tracking_number}）已转{department}处理，{deputy}代表将跟进。",
        category_id=None,
        share="",
        is_active=True,
    )

    title: str = Field(..., max_length=60)
    body: str = Field(..., max_length=3000)
    category_id: int | None = None
    share: str = Field(
        "",
        max_length=30,
        description="empty: only me; else a `key` of GET /reply-templates/units",
    )
    is_active: bool = True


class ReplyTemplateOut(Schema):
    id: int
    title: str
    body: str
    category_id: int | None
    mine: bool
    owner: str = Field(description="who wrote it; empty for the administrators' templates")
    share: str = Field(description="the unit's key, empty when not shared")
    shared_with: str = Field(description="the unit's name, empty when not shared")
    is_active: bool
    filled: str | None = Field(description="the text for the case of `case_id`, if asked")


class TemplateUnitOut(Schema):
    key: str
    name: str


def _out(user: Any, t: ReplyTemplate, case: Any = None) -> dict[str, Any]:
    unit = t.shared_with
    return {
        "id": t.pk,
        "title": t.title,
        "body": t.body,
        "category_id": t.category_id,
        "mine": t.owner_id == user.pk,
        "owner": str(t.owner) if t.owner else "",
        "share": unit_key(unit) if unit else "",
        "shared_with": str(unit) if unit else "",
        "is_active": t.is_active,
        "filled": reply_templates.fill(t, case) if case is not None else None,
    }


def _input(user: Any, payload: ReplyTemplateIn) -> reply_templates.TemplateInput:
    units = {unit_key(u): u for u in template_units(user)}
    if payload.share and payload.share not in units:
        raise no_such_choice("share")
    return reply_templates.TemplateInput(
        title=payload.title,
        body=payload.body,
        category=chosen(
            Category.objects.filter(is_active=True), payload.category_id, "category_id"
        ),
        share=units.get(payload.share),
        is_active=payload.is_active,
    )


def _template(user: Any, template_id: int) -> ReplyTemplate:
    return get_object_or_404(ReplyTemplate.objects.visible_to(user), pk=template_id)


@router.get(
    "/reply-templates",
    response=answers(list[ReplyTemplateOut], 404),
    summary="Reply templates I may use",
)
def list_templates(request: HttpRequest, case_id: int | None = None) -> Any:
    """With `case_id`: the active ones for that case's category, each `filled` for it."""
    user = request.user
    qs = ReplyTemplate.objects.visible_to(user).select_related(
        "owner", "shared_station", "shared_department", "shared_area"
    )
    case = None
    if case_id is not None:
        case = get_object_or_404(staff_cases(user), pk=case_id)
        qs = reply_templates.usable(user, case).select_related("owner")
    return Status(200, [_out(user, t, case) for t in qs.order_by("title", "id")])


@router.get(
    "/reply-templates/units", response=list[TemplateUnitOut], summary="Units I may share with"
)
def template_share_units(request: HttpRequest) -> list[dict[str, str]]:
    return [{"key": unit_key(u), "name": str(u)} for u in template_units(request.user)]


@router.post("/reply-templates", response=answers(ReplyTemplateOut, *ACTS))
def create_template(request: HttpRequest, payload: ReplyTemplateIn) -> Any:
    user = request.user
    with api_fields(FIELDS):
        template = reply_templates.save_template(user, data=_input(user, payload))
    return Status(200, _out(user, template))


@router.put("/reply-templates/{int:template_id}", response=answers(ReplyTemplateOut, *ACTS_ON))
def edit_template(request: HttpRequest, template_id: int, payload: ReplyTemplateIn) -> Any:
    user = request.user
    template = _template(user, template_id)
    with api_fields(FIELDS):
        template = reply_templates.save_template(
            user, data=_input(user, payload), template=template
        )
    return Status(200, _out(user, template))


@router.delete("/reply-templates/{int:template_id}", response=answers(None, 403, 404, status=204))
def delete_template(request: HttpRequest, template_id: int) -> HttpResponse:
    user = request.user
    reply_templates.delete_template(user, template=_template(user, template_id))
    return HttpResponse(status=204)
