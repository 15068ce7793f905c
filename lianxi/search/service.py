"""A search as the pages and the API ask for it: scopes from the user, candidates from the
engine, one page of rows with highlighted title and snippet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.search import engine
from lianxi.search.cases import (
    KIND,
    CaseFilters,
    apply_filters,
    case_hint,
    date_bounds,
    public_cases,
    visible_cases,
)
from lianxi.search.engine import Found, Scope, Sort, candidates, load_documents
from lianxi.search.kinds import KINDS
from lianxi.search.snippets import WIDTH, highlight
from lianxi.search.text import Query, parse

PER_PAGE = 20
CASE_FIELDS = (
    "tracking_number",
    "status",
    "category",
    "category__name",
    "category__parent",
    "category__parent__name",
)
NO_SUCH_ITEM = _("No such item: check %(field)s.")
STAFF_ONLY = _("Staff search is for staff and deputies; use the public search.")
# Roles that see a small part of the cases: their visible ids are gathered once per search.
NARROW_ROLES = frozenset({Role.DEPUTY, Role.STATION_STAFF, Role.DEPARTMENT, Role.CITIZEN})


@dataclass
class Params:
    q: str = ""
    kind: str = ""  # "" = every kind the user may search
    filters: CaseFilters = field(default_factory=CaseFilters)
    start: date | None = None
    end: date | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Row:
    kind: str
    kind_label: str
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString
    at: datetime
    score: float
    case: Case | None = None


@dataclass
class Results:
    query: Query
    rows: list[Row]
    page: Page[Any] | None
    total: int
    capped: bool

    @property
    def limit(self) -> int:
        return engine.CANDIDATES


def scopes(user: Any, params: Params, *, public: bool) -> list[Scope]:
    """What the user may find, per kind. The public search covers published cases only; the
    case filters (category, area, …) leave out the other kinds."""
    f = params.filters
    wanted = params.kind
    found: list[Scope] = []
    if wanted in ("", KIND):
        base = public_cases() if public else visible_cases(user)
        # PostgreSQL narrows by index keys; otherwise (and on SQLite) a user who sees few cases
        # has their ids gathered once.
        hint = case_hint(user, f, public=public) if connection.vendor == "postgresql" else ""
        small = not (public or hint) and (
            getattr(user, "role", "") in NARROW_ROLES or bool(f.deputy_id or f.department_id)
        )
        ids = apply_filters(base, f).values("pk")
        found.append(Scope(KIND, ids, small=small, hint=hint))
    if public or f.active:
        return found
    for name, kind in KINDS.items():
        if name != KIND and wanted in ("", name):
            found.append(Scope(name, kind.visible_ids(user)))
    return found


def search(user: Any, params: Params, *, public: bool = False) -> Results:
    query = parse(params.q)
    if query.empty:
        return Results(query, [], None, 0, False)
    low, high = date_bounds(params.start, params.end)
    found: Found = candidates(
        query, scopes(user, params, public=public), start=low, end=high, sort=params.sort
    )
    paginator = Paginator(found.hits, params.per_page)
    page = paginator.get_page(params.page)
    hits = load_documents(list(page.object_list))
    case_ids = [h.object_id for h in hits if h.kind == KIND]
    # Only what a result row shows: reading whole cases (content, encrypted contact) cost more
    # than the search itself.
    cases = Case.objects.select_related("category__parent").only(*CASE_FIELDS).in_bulk(case_ids)
    marks = query.marks()
    rows: list[Row] = []
    for hit in hits:
        document = hit.document
        assert document is not None
        case = cases.get(hit.object_id) if hit.kind == KIND else None
        if hit.kind == KIND and case is None:
            continue
        rows.append(
            Row(
                kind=hit.kind,
                kind_label=str(KINDS[hit.kind].label) if hit.kind in KINDS else hit.kind,
                object_id=hit.object_id,
                url=_url(hit.kind, hit.object_id, case, public=public),
                title=highlight(document.title, marks),
                snippet=highlight(document.body, marks, WIDTH),
                at=hit.at,
                score=hit.score,
                case=case,
            )
        )
    return Results(query, rows, page, len(found.hits), found.capped)


def _url(kind: str, object_id: int, case: Case | None, *, public: bool) -> str:
    if kind == KIND and case is not None:
        if public:
            return reverse("published:detail", args=[case.tracking_number])
        return reverse("casework:detail", args=[case.pk])
    registered = KINDS.get(kind)
    return registered.url(object_id) if registered else ""
