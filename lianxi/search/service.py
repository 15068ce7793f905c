"""A search as the pages and the API ask for it: scopes from the user, candidates from the
engine, one page of rows with highlighted title and snippet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.directory.models import Category
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
from lianxi.search.engine import Found, Hit, Scope, Sort, candidates
from lianxi.search.kinds import KINDS
from lianxi.search.models import Document
from lianxi.search.snippets import WIDTH, highlight
from lianxi.search.text import Query, parse

PER_PAGE = 20
TRACKING_NUMBER = re.compile(r"[0-9]{6,20}")
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
    case: CaseLine | None = None


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
    if (exact := tracked(user, params, public=public)) is not None:
        found.hits = [exact, *(h for h in found.hits if h.document_id != exact.document_id)]
    paginator = Paginator(found.hits, params.per_page)
    page = paginator.get_page(params.page)
    hits = list(page.object_list)
    shown = read_page([h.document_id for h in hits])
    marks = query.marks()
    links = Links(public=public)
    rows: list[Row] = []
    for hit in hits:
        line = shown.get(hit.document_id)
        if line is None or (hit.kind == KIND and line.case is None):
            continue  # removed since the candidates were read
        rows.append(
            Row(
                kind=hit.kind,
                kind_label=str(KINDS[hit.kind].label) if hit.kind in KINDS else hit.kind,
                object_id=hit.object_id,
                url=links.url(hit.kind, hit.object_id, line.case),
                title=highlight(line.title, marks),
                snippet=highlight(line.body, marks, WIDTH),
                at=hit.at,
                score=hit.score,
                case=line.case,
            )
        )
    return Results(query, rows, page, len(found.hits), found.capped)


def tracked(user: Any, params: Params, *, public: bool) -> Hit | None:
    """The case whose tracking number is the query, if the user may see it: it comes first,
    whatever the words score (staff paste numbers from phone calls and letters)."""
    number = params.q.strip()
    if params.kind not in ("", KIND) or not TRACKING_NUMBER.fullmatch(number):
        return None
    base = public_cases() if public else visible_cases(user)
    case_id = base.filter(tracking_number=number).values_list("pk", flat=True).first()
    if case_id is None:
        return None
    document = Document.objects.filter(kind=KIND, object_id=case_id).values("pk", "at").first()
    if document is None:
        return None
    return Hit(document["pk"], KIND, case_id, document["at"], 1e9)


@dataclass(frozen=True)
class CaseLine:
    """What a result row shows of a case."""

    tracking_number: str
    status: str
    category: str

    def get_status_display(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else self.status


@dataclass(frozen=True)
class Shown:
    title: str
    body: str
    case: CaseLine | None


def read_page(document_ids: list[int]) -> dict[int, Shown]:
    """The shown documents' text and, for cases, what the row shows of the case: one statement.
    Only these columns: reading whole cases (content, encrypted contact) cost more than the
    search itself, and building model objects for twenty rows cost more than reading them."""
    if not document_ids:
        return {}
    marks = ", ".join(["%s"] * len(document_ids))
    sql = (
        "SELECT d.id, d.title, d.body, c.tracking_number, c.status, g.name, p.name "  # noqa: S608
        f"FROM {Document._meta.db_table} d "
        f"LEFT JOIN {Case._meta.db_table} c ON d.kind = %s AND c.id = d.object_id "
        f"LEFT JOIN {Category._meta.db_table} g ON g.id = c.category_id "
        f"LEFT JOIN {Category._meta.db_table} p ON p.id = g.parent_id "
        f"WHERE d.id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [KIND, *document_ids])
        found = cursor.fetchall()
    shown: dict[int, Shown] = {}
    for pk, title, body, number, status, category, parent in found:
        label = f"{parent} / {category}" if parent and category else category or ""
        case = CaseLine(number, status, label) if number is not None else None
        shown[pk] = Shown(title, body, case)
    return shown


class Links:
    """Result links: each route reversed once per search, not once per row."""

    SENTINEL = 987654321

    def __init__(self, *, public: bool) -> None:
        self.public = public
        self._patterns: dict[str, str] = {}

    def _pattern(self, name: str) -> str:
        if name not in self._patterns:
            self._patterns[name] = reverse(name, args=[self.SENTINEL])
        return self._patterns[name]

    def url(self, kind: str, object_id: int, case: CaseLine | None) -> str:
        if kind == KIND and case is not None:
            if self.public:
                number = quote(case.tracking_number, safe="")
                return self._pattern("published:detail").replace(str(self.SENTINEL), number)
            return self._pattern("casework:detail").replace(str(self.SENTINEL), str(object_id))
        registered = KINDS.get(kind)
        return registered.url(object_id) if registered else ""
