"""API of the insight app: the routing suggestion for a text, and the answer checks on a draft
reply to a case (for staff and deputies, scoped like the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from lianxi.api.bounds import Id
from lianxi.api.examples import example
from lianxi.api.problems import answers
from lianxi.directory.models import Category, Department
from lianxi.insight.access import case_for_answer
from lianxi.insight.answers import check
from lianxi.insight.policies import can_check_answers
from lianxi.insight.routing.service import suggest

router = Router(tags=["insight"])


class SuggestIn(Schema):
    model_config = example(
        title="小区电梯长期故障", content="青石社区3栋电梯已经停运两周，老人上下楼非常困难。"
    )

    title: str = Field("", max_length=120)
    content: str = Field(..., min_length=10, max_length=5000)


class Choice(Schema):
    id: int
    name: str
    confidence: float


class SuggestOut(Schema):
    category: Choice | None
    alternatives: list[Choice]
    department: Choice | None
    model_id: int | None = Field(description="the routing model's version row; null: cold start")


@router.post("/insight/suggest", response=answers(SuggestOut, 404), auth=django_auth)
def suggest_routing(request: HttpRequest, payload: SuggestIn) -> dict[str, Any]:
    """What intake and triage suggest: category (with two alternatives) and lead department."""
    if not can_check_answers(request.user):
        raise Http404
    found = suggest(f"{payload.title} {payload.content}".strip())
    ranked = [(found.category_id, found.category_confidence), *found.alternatives]
    names = dict(
        Category.objects.filter(pk__in=[pk for pk, _p in ranked if pk]).values_list("pk", "name")
    )
    choices = [{"id": pk, "name": names[pk], "confidence": p} for pk, p in ranked if pk in names]
    department = None
    if found.department_id:
        name = Department.objects.filter(pk=found.department_id).values_list("name", flat=True)
        if name:
            department = {
                "id": found.department_id,
                "name": name[0],
                "confidence": found.department_confidence,
            }
    return {
        "category": choices[0] if choices else None,
        "alternatives": choices[1:],
        "department": department,
        "model_id": found.model_id,
    }


class AnswerCheckIn(Schema):
    model_config = example(
        answer="已联系物业公司，电梯控制柜将于本周五前更换，届时恢复运行，请您留意通知。"
    )

    answer: str = Field(..., min_length=1, max_length=5000)


class FindingOut(Schema):
    code: str = Field(description="too_short | off_topic | no_basis_or_next_step")
    message: str


@router.post(
    "/insight/cases/{case_id}/answer-check",
    response=answers(list[FindingOut], 404),
    auth=django_auth,
)
def answer_check(request: HttpRequest, case_id: Id, payload: AnswerCheckIn) -> list[dict[str, str]]:
    """Warnings on a draft answer before it goes out (never blocking); empty when it reads well."""
    case = case_for_answer(request.user, case_id)
    return [
        {"code": f.code, "message": str(f.message)}
        for f in check(case.content, payload.answer, title=case.title)
    ]
