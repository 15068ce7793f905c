"""Search: full-text over what the caller may see, with highlighted snippets.

`GET /search` (signed-in staff): cases visible to the user (with the case filters), notices and
materials addressed to them. `GET /search/public` (anyone): published cases only, their public
text, never a citizen's name or number. `title_html` and `snippet_html` are HTML-escaped text in
which only the hits are wrapped in `<mark>`.

Answers the newest 500 matches at most (`capped` says when there were more), ordered by
relevance or by date. Unknown filter ids answer 422 naming the field (lianxi/api/problems.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from lianxi.api.bounds import Day, Id
from lianxi.api.problems import answers, chosen, no_such_choice
from lianxi.cases.choices import Status as CaseStatus
from lianxi.core.choices import STAFF_ROLES
from lianxi.core.errors import NotAllowed
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area, Category, Department, Deputy
from lianxi.search.cases import CaseFilters
from lianxi.search.kinds import KINDS
from lianxi.search.service import NO_SUCH_ITEM, STAFF_ONLY, Params, Results, search
from lianxi.search.text import MAX_QUERY

router = Router(tags=["search"])
MAX_PAGE_SIZE = 50


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY)
    category: Id | None = None
    start: Day | None = None
    end: Day | None = None
    sort: Literal["relevance", "date"] = "relevance"
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class PublicQuery(SearchQuery):
    district: Id | None = None


class StaffQuery(SearchQuery):
    kind: str | None = Field(None, max_length=20)
    area: Id | None = None
    status: CaseStatus | None = None
    department: Id | None = None
    deputy: Id | None = None


class HitOut(Schema):
    kind: str
    id: int
    url: str
    title_html: str
    snippet_html: str
    at: datetime
    tracking_number: str | None = None
    status: str | None = None


class SearchOut(Schema):
    query: str
    total: int
    capped: bool
    page: int
    pages: int
    items: list[HitOut]


def _get(rows: Any, pk: int | None, field: str) -> Any:
    return chosen(rows, pk, field, str(NO_SUCH_ITEM) % {"field": field})


def _bad(field: str) -> Exception:
    return no_such_choice(field, str(NO_SUCH_ITEM) % {"field": field})


def _out(results: Results, params: Params, *, public: bool) -> dict[str, Any]:
    items = []
    for row in results.rows:
        item: dict[str, Any] = {
            "kind": row.kind,
            "id": row.object_id,
            "url": row.url,
            "title_html": str(row.title),
            "snippet_html": str(row.snippet),
            "at": row.at,
        }
        if row.case is not None:
            item["tracking_number"] = row.case.tracking_number
            item["status"] = None if public else row.case.status
        items.append(item)
    page = results.page
    return {
        "query": results.query.text,
        "total": results.total,
        "capped": results.capped,
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 0,
        "items": items,
    }


def _dates(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise _bad("end")


@router.get(
    "/search/public",
    response=answers(SearchOut, 422),
    summary="Search published cases (public)",
)
def public_search(request: HttpRequest, filters: Query[PublicQuery]) -> Any:
    _dates(filters.start, filters.end)
    districts = Area.objects.filter(level=AreaLevel.DISTRICT)
    params = Params(
        q=filters.q,
        filters=CaseFilters(
            category=_get(Category, filters.category, "category"),
            area=_get(districts, filters.district, "district"),
        ),
        start=filters.start,
        end=filters.end,
        sort=filters.sort,
        page=filters.page,
        per_page=filters.page_size,
    )
    return _out(search(request.user, params, public=True), params, public=True)


@router.get(
    "/search",
    response=answers(SearchOut, 403, 422),
    auth=django_auth,
    summary="Search what I may see",
)
def staff_search(request: HttpRequest, filters: Query[StaffQuery]) -> Any:
    user: Any = request.user
    if user.role not in STAFF_ROLES:
        raise NotAllowed(str(STAFF_ONLY))
    if filters.kind and filters.kind not in KINDS:
        raise _bad("kind")
    _dates(filters.start, filters.end)
    params = Params(
        q=filters.q,
        kind=filters.kind or "",
        filters=CaseFilters(
            category=_get(Category, filters.category, "category"),
            area=_get(Area, filters.area, "area"),
            status=filters.status or "",
            department_id=_get(Department, filters.department, "department") and filters.department,
            deputy_id=_get(Deputy, filters.deputy, "deputy") and filters.deputy,
        ),
        start=filters.start,
        end=filters.end,
        sort=filters.sort,
        page=filters.page,
        per_page=filters.page_size,
    )
    return _out(search(user, params, public=False), params, public=False)
