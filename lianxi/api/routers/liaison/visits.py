"""Visits to constituents and their review, compliance with the liaison rules, the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema, Status

from lianxi.api.bounds import Day, Id, Limit, Offset, Year
from lianxi.api.examples import example
from lianxi.api.problems import ACTS, ACTS_ON, answers, chosen
from lianxi.api.routers.liaison.router import router
from lianxi.core.choices import CongressLevel
from lianxi.directory.models import Area, Deputy
from lianxi.liaison import actions
from lianxi.liaison.access import access_visit
from lianxi.liaison.actions.visits import RULE_FIELDS, VisitInput
from lianxi.liaison.compliance import evaluate_many
from lianxi.liaison.models import LiaisonRule, Visit
from lianxi.liaison.policies import can_see_compliance, can_set_rules


class VisitIn(Schema):
    model_config = example(
        date="2027-02-20",
        community_id=1,
        method="forum",
        people_met=12,
        people_note="居民代表和物业公司",
        matters="听取老旧小区加装电梯的意见。",
        co_deputy_ids=[],
    )

    date: Day
    community_id: Id
    method: str
    people_met: int = Field(..., ge=1, le=5000)
    people_note: str = Field("", max_length=200)
    matters: str = Field("", max_length=5000)
    co_deputy_ids: list[Id] = Field(default_factory=list, max_length=20)


class VisitOut(Schema):
    id: int
    date: date
    community: str = Field(alias="community.name")
    method: str
    people_met: int
    status: str
    deputy_ids: list[int]

    @staticmethod
    def resolve_deputy_ids(obj: Visit) -> list[int]:
        return [d.pk for d in obj.deputies.all()]


@router.get("/liaison/visits", response=list[VisitOut])
def list_visits(
    request: HttpRequest, year: Year | None = None, offset: Offset = 0, limit: Limit = 50
) -> Any:
    offset, limit = max(offset, 0), min(max(limit, 1), 100)
    qs = (
        Visit.objects.visible_to(request.user)
        .select_related("community")
        .prefetch_related("deputies")
    )
    if year:
        qs = qs.filter(date__year=year)
    return qs[offset : offset + limit]


@router.post("/liaison/visits", response=answers(VisitOut, *ACTS, status=201))
def log_visit(request: HttpRequest, payload: VisitIn) -> Any:
    message = gettext("Choose a community or village.")
    community = chosen(Area, payload.community_id, "community_id", message)
    data = VisitInput(
        date=payload.date,
        community=community,
        method=payload.method,
        people_met=payload.people_met,
        people_note=payload.people_note,
        matters=payload.matters,
        co_deputies=list(Deputy.objects.filter(pk__in=payload.co_deputy_ids)),
    )
    visit = actions.log_visit(request.user, data=data)
    return Status(201, visit)


class ReviewIn(Schema):
    model_config = example(approve=False, reason="请补充走访照片。")

    approve: bool
    reason: str = Field("", max_length=300)


@router.post("/liaison/visits/{visit_id}/review", response=answers(VisitOut, *ACTS_ON))
def review(request: HttpRequest, visit_id: Id, payload: ReviewIn) -> Any:
    visit = access_visit(request.user, visit_id)
    approve, reason = payload.approve, payload.reason
    return actions.review_visit(request.user, visit=visit, approve=approve, reason=reason)


class MeasureOut(Schema):
    key: str
    label: str
    required: float
    actual: float
    light: str
    evidence: list[str]


class StandingOut(Schema):
    deputy_id: int
    deputy: str
    light: str
    has_rule: bool
    rule_year: int | None = Field(
        None, description="The year whose rule applies; earlier than `year` when carried forward"
    )
    measures: list[MeasureOut]


@router.get("/liaison/compliance", response=answers(list[StandingOut], 404))
def compliance(
    request: HttpRequest, year: Year | None = None, offset: Offset = 0, limit: Limit = 25
) -> Any:
    offset, limit = max(offset, 0), min(max(limit, 1), 100)
    if not can_see_compliance(request.user):
        raise Http404
    year = year or timezone.localdate().year
    user: Any = request.user
    deputies = Deputy.objects.visible_to(user).filter(status="serving").order_by("pk")
    out = []
    for s in evaluate_many(deputies[offset : offset + limit], year):
        deputy = s.deputy
        out.append(
            {
                "deputy_id": deputy.pk,
                "deputy": deputy.name,
                "light": s.light,
                "has_rule": s.rule is not None,
                "rule_year": s.rule.year if s.rule else None,
                "measures": [vars(m) for m in s.measures],
            }
        )
    return out


RULE = {
    "level": "municipal",
    "year": 2027,
    "min_visits": 4,
    "min_people_per_visit": 8,
    "min_shifts": 6,
    "max_answer_workdays": 15,
    "min_trainings": 2,
}


class RuleIn(Schema):
    model_config = example(**RULE)

    level: CongressLevel
    year: int = Field(..., ge=2000, le=2100)
    min_visits: int = Field(..., ge=0, le=1000)
    min_people_per_visit: int = Field(..., ge=0, le=1000)
    min_shifts: int = Field(..., ge=0, le=1000)
    max_answer_workdays: int = Field(..., ge=0, le=1000)
    min_trainings: int = Field(..., ge=0, le=1000)


class RuleOut(RuleIn):
    model_config = example(id=1, **RULE)

    id: int


def _rule_out(rule: LiaisonRule) -> dict[str, Any]:
    return {"id": rule.pk, "level": rule.level, "year": rule.year} | {
        k: getattr(rule, k) for k in RULE_FIELDS
    }


@router.get("/liaison/rules", response=answers(list[RuleOut], 404))
def rules(request: HttpRequest, year: Year | None = None) -> list[dict[str, Any]]:
    if not can_see_compliance(request.user):
        raise Http404
    found = LiaisonRule.objects.all()
    if year is not None:
        found = found.filter(year=year)
    return [_rule_out(r) for r in found]


@router.put("/liaison/rules", response=answers(RuleOut, *ACTS_ON))
def put_rule(request: HttpRequest, payload: RuleIn) -> dict[str, Any]:
    """Set the rules of one level and year (replacing them if set)."""
    if not can_set_rules(request.user):
        raise Http404
    values = {k: getattr(payload, k) for k in RULE_FIELDS}
    rule = actions.save_rule(
        request.user, level=str(payload.level), year=payload.year, values=values
    )
    return _rule_out(rule)
