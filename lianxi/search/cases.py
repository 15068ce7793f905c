"""Cases in the search: their searchable public text, who sees which, and the case filters.

The indexed text is what the public page of a published case shows: title, content and the
public answers (deputy's reply, department's answer, report back), with phone and ID numbers
masked and the contact's name hidden. Nothing else about the citizen is ever indexed, so no
search — public or staff — can find a case by a person's name or number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from lianxi.cases.choices import Status
from lianxi.cases.models import Case, CaseEvent
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Category, Deputy, Station
from lianxi.lib.masking import mask_name, mask_text
from lianxi.search import keys
from lianxi.search.index import Entry, index_many
from lianxi.search.models import Document

KIND = "case"
ANSWER_STEPS = ("replied", "dept_answered", "reported")


def _clean(text: str, name: str) -> str:
    text = mask_text(text or "")
    name = (name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, mask_name(name))
    return text


def case_entry(case: Case, answers: Iterable[str]) -> Entry:
    name = case.contact_name or ""
    parts = [_clean(case.content, name)] + [_clean(a, name) for a in answers if a]
    title = _clean(case.title, name)
    return Entry(KIND, case.pk, title, "\n".join(parts), case.submitted_at, case_keys(case))


def case_keys(case: Case) -> tuple[str, ...]:
    """Who may see the case, as index keys (lianxi/search/keys.py): they only narrow."""
    found = []
    if case.is_published and case.status == Status.CLOSED and case.consent_to_publish:
        found.append(keys.PUBLIC)
    if case.deputy_id:
        found.append(keys.deputy_key(case.deputy_id))
    if case.station_id:
        found.append(keys.station_key(case.station_id))
    return tuple(found)


def case_entries(ids: Iterable[int]) -> list[Entry]:
    """Entries for the cases `ids` (two queries however many)."""
    cases = list(Case.objects.filter(pk__in=list(ids)).order_by("pk"))
    answers: dict[int, list[str]] = {}
    events = (
        CaseEvent.objects.filter(case__in=[c.pk for c in cases], public=True, step__in=ANSWER_STEPS)
        .exclude(text="")
        .order_by("at", "id")
        .values_list("case_id", "text")
    )
    for case_id, text in events:
        answers.setdefault(case_id, []).append(text)
    return [case_entry(c, answers.get(c.pk, [])) for c in cases]


def all_case_entries(batch: int = 1000) -> Iterator[list[Entry]]:
    """Every case, oldest first, in batches (the reindex command)."""
    last = 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return
        yield case_entries(ids)
        last = ids[-1]


# ---------------------------------------------------------------- who sees which


def public_cases() -> QuerySet[Case]:
    """What anyone may read: closed, consented and published by staff (S7, S12)."""
    return Case.objects.published().filter(status=Status.CLOSED, consent_to_publish=True)


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def case_hint(user: Any, f: CaseFilters, *, public: bool) -> str:
    """Index keys every case the search may show carries (a tsquery; "" when none narrows).
    Only a narrowing: visibility is still checked on each hit."""
    parts = []
    if public:
        parts.append(keys.any_of([keys.PUBLIC]))
    elif getattr(user, "role", "") == Role.DEPUTY:
        own = Deputy.objects.filter(user=user).values_list("pk", flat=True)
        parts.append(keys.any_of(keys.deputy_key(pk) for pk in own))
    elif getattr(user, "role", "") == Role.STATION_STAFF:
        stations = Station.objects.filter(staff=user).values_list("pk", flat=True)
        parts.append(keys.any_of(keys.station_key(pk) for pk in stations))
    if f.deputy_id:
        parts.append(keys.any_of([keys.deputy_key(f.deputy_id)]))
    return " & ".join(p for p in parts if p)


def visible_case_ids(user: Any) -> QuerySet[Any]:
    return visible_cases(user).values("pk")


def staff_url(pk: int) -> str:
    return reverse("casework:detail", args=[pk])


# ---------------------------------------------------------------- filters


@dataclass
class CaseFilters:
    category: Category | None = None
    area: Area | None = None
    status: str = ""
    department_id: int | None = None
    deputy_id: int | None = None
    deputy_name: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.category
            or self.area
            or self.status
            or self.department_id
            or self.deputy_id
            or self.deputy_name
        )


def category_ids(category: Category) -> list[int]:
    """The category and everything under it (the taxonomy has up to three levels)."""
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def apply_filters(qs: QuerySet[Case], f: CaseFilters) -> QuerySet[Case]:
    if f.category is not None:
        qs = qs.filter(category_id__in=category_ids(f.category))
    if f.area is not None:
        qs = qs.filter(community__prefix__startswith=f.area.prefix)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.department_id:
        qs = qs.filter(referrals__department_id=f.department_id)
    if f.deputy_id:
        qs = qs.filter(deputy_id=f.deputy_id)
    if f.deputy_name:
        qs = qs.filter(Q(deputy__name__contains=f.deputy_name))
    return qs


def date_bounds(start: date | None, end: date | None) -> tuple[Any, Any]:
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    low = datetime.combine(start, time.min, tz) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, tz) if end else None
    return low, high


# ---------------------------------------------------------------- writes, from subscribers


def index_new_case(case: Any) -> None:
    """At intake: title and content only (no answers yet). Tokenising a case takes tens of
    microseconds; the write is one INSERT."""
    index_many([case_entry(case, answers=())])


def refresh_case_keys(case: Any) -> None:
    """After a step that may change who sees the case (its deputy, station, status, publishing):
    one UPDATE of the keys, no tokenising."""
    Document.objects.filter(kind=KIND, object_id=case.pk).update(
        keys=keys.compose(case.submitted_at, case_keys(case))
    )


def index_case(case: Any) -> None:
    """After a step that changes the case's public text (an answer, publishing)."""
    index_many(case_entries([case.pk]))
