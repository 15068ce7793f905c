"""API of the stats app: the same aggregates as the dashboards, scoped the same way. The public
answer holds totals only, with small cells suppressed; the signed-in answer follows the user's
scope (committee staff: jurisdiction; deputies, stations, departments: their own rows)."""

from __future__ import annotations

from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from lianxi.api.bounds import Id, Page
from lianxi.api.problems import answers
from lianxi.core.errors import InvalidInput
from lianxi.stats.access import PUBLIC, Scope, scope_for
from lianxi.stats.forms import FilterForm
from lianxi.stats.queries import SCOPE_TABLE, Filters, dashboard, entity_rows, name_rows

router = Router(tags=["stats"])
PER_PAGE = 50


class FilterQuery(Schema):
    period: Literal["3", "6", "12", "24", "36"] = "12"
    area: Id | None = Field(None, description="id of an area (public: a district)")
    category: Id | None = Field(None, description="id of a top-level category")


class Period(Schema):
    start: str
    end: str


class Totals(Schema):
    cases: int
    declined: int
    merged: int
    handled: int
    answered: int
    in_time: int
    decided: int
    closed: int
    solved: int
    in_time_share: float | None
    mean_days: float | None
    median_bucket: str | None
    deputy_satisfaction: float | None
    dept_satisfaction: float | None
    deputy_satisfied: int
    deputy_basic: int
    deputy_unsatisfied: int
    dept_satisfied: int
    dept_basic: int
    dept_unsatisfied: int


class Trend(Schema):
    months: list[str]
    cases: list[int]
    answered: list[int]
    in_time_share: list[float | None]


class Cell(Schema):
    name: str
    cases: int | None = Field(description="null when suppressed (public, fewer than 5 cases)")
    suppressed: bool = False


class Buckets(Schema):
    labels: list[str]
    cases: list[int]


class Ratings(Schema):
    labels: list[str]
    deputy: list[int]
    department: list[int]


class DashboardOut(Schema):
    period: Period
    totals: Totals
    trend: Trend
    response: Buckets
    satisfaction: Ratings
    categories: list[Cell]
    areas: list[Cell]
    statuses: list[Cell]
    channels: list[Cell]


class Row(Schema):
    id: int
    name: str
    cases: int
    answered: int
    in_time_share: float | None
    mean_days: float | None
    closed: int
    solved: int
    deputy_satisfaction: float | None
    dept_satisfaction: float | None


class TableOut(Schema):
    table: str
    page: int
    pages: int
    count: int
    rows: list[Row]


def _filters(query: FilterQuery, scope: Scope, *, public: bool = False) -> Filters:
    form = FilterForm(query.dict(), scope=scope, public=public)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidInput(
            " ".join(str(m) for m in errors), field=None if field == "__all__" else field
        )
    return form.filters()


@router.get("/stats/public", response=answers(DashboardOut, 422), auth=None)
def public_statistics(request: HttpRequest, query: Query[FilterQuery]) -> dict[str, Any]:
    """City-wide aggregates for anyone: no names of citizens, cells under 5 cases hidden."""
    return dashboard(PUBLIC, _filters(query, PUBLIC, public=True), public=True)


@router.get("/stats/dashboard", response=answers(DashboardOut, 404, 422), auth=django_auth)
def staff_statistics(request: HttpRequest, query: Query[FilterQuery]) -> dict[str, Any]:
    """The committee dashboard's aggregates within the user's scope."""
    scope = scope_for(request.user)
    return dashboard(scope, _filters(query, scope))


@router.get("/stats/table", response=answers(TableOut, 404, 422), auth=django_auth)
def staff_table(
    request: HttpRequest,
    query: Query[FilterQuery],
    table: Literal["deputies", "stations", "departments"] = "deputies",
    page: Page = 1,
) -> dict[str, Any]:
    """Per-deputy, per-station or per-department figures within the user's scope."""
    scope = scope_for(request.user)
    if scope.kind in SCOPE_TABLE and SCOPE_TABLE[scope.kind] != table:
        raise Http404
    found = Paginator(entity_rows(scope, _filters(query, scope), table), PER_PAGE).get_page(page)
    return {
        "table": table,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "count": found.paginator.count,
        "rows": name_rows(table, list(found.object_list)),
    }
