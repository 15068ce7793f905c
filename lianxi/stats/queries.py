"""Reading the statistics tables: small grouped sums over a period, an area and a category,
within a user's scope. Nothing here reads cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.cases.choices import Channel, Status
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.stats.access import Scope
from lianxi.stats.models import (
    AREA_MEASURES,
    BUCKETS,
    CHANNEL_COLUMNS,
    MEASURES,
    RATING_FIELDS,
    STATUS_COLUMNS,
    WINDOWS,
    AreaMonth,
    AreaWindow,
    DepartmentMonth,
    DepartmentWindow,
    DeputyMonth,
    DeputyWindow,
    ProposalCategoryMonth,
    ProposalDeputyMonth,
    ProposalUnitMonth,
    StationMonth,
    StationWindow,
)
from lianxi.stats.refresh import months_between

SMALL_CELL = 5  # public breakdown cells below this are not shown


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # first day of the last month included
    area: Area | None = None
    category: Category | None = None
    span: int = 0  # months in the period: one of WINDOWS when the period is a recent one

    def months(self) -> list[date]:
        return months_between(self.start, self.end)


def bucket_labels() -> list[str]:
    return [
        _("≤ 1 day"),
        _("1–3 days"),
        _("3–7 days"),
        _("7–15 days"),
        _("15–30 days"),
        _("> 30 days"),
    ]


def _sums(fields: tuple[str, ...] | list[str]) -> dict[str, Sum]:
    return {name: Sum(name) for name in fields}


def derive(row: dict[str, Any]) -> dict[str, Any]:
    """Shares and means from summed measures (None where there is nothing to divide by)."""
    row = {k: (v or 0) for k, v in row.items()}
    decided, answered = row.get("decided", 0), row.get("answered", 0)
    deputy_rated = sum(row.get(f, 0) for f in RATING_FIELDS[:3])
    dept_rated = sum(row.get(f, 0) for f in RATING_FIELDS[3:])
    row["in_time_share"] = round(row.get("in_time", 0) / decided, 3) if decided else None
    row["mean_days"] = (
        round(row.get("answer_seconds", 0) / answered / 86400, 1) if answered else None
    )
    row["deputy_satisfaction"] = (
        round((row.get("deputy_satisfied", 0) + row.get("deputy_basic", 0)) / deputy_rated, 3)
        if deputy_rated
        else None
    )
    row["dept_satisfaction"] = (
        round((row.get("dept_satisfied", 0) + row.get("dept_basic", 0)) / dept_rated, 3)
        if dept_rated
        else None
    )
    row["median_bucket"] = _median_bucket(row) if answered and BUCKETS[0] in row else None
    return row


def _median_bucket(row: dict[str, Any]) -> str:
    half, seen = row["answered"] / 2, 0
    labels = bucket_labels()
    for index, name in enumerate(BUCKETS):
        seen += row.get(name, 0)
        if seen >= half:
            return labels[index]
    return labels[-1]


def _window_ready(model: Any, filters: Filters) -> bool:
    """Whether the last refresh left the rolling window of exactly this period (else read
    the monthly rows: same figures, more rows)."""
    if filters.span not in WINDOWS:
        return False
    return bool(model.objects.filter(months=filters.span, month=filters.end).exists())


def _period(model: Any, filters: Filters, window: bool) -> QuerySet[Any]:
    if window:
        return model.objects.filter(months=filters.span, month=filters.end)
    return model.objects.filter(month__gte=filters.start, month__lte=filters.end)


def _area_rows(model: Any, scope: Scope, filters: Filters, window: bool = False) -> QuerySet[Any]:
    qs = _period(model, filters, window)
    if scope.kind == "area":
        qs = qs.filter(area_prefix__startswith=scope.prefix)
    if filters.area is not None:
        qs = qs.filter(area_prefix__startswith=filters.area.prefix)
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category.pk)
    return qs.order_by()


def _in_area(prefix: str, lookup: str | None, window: bool) -> Q:
    """Rows of deputies / stations in an area; for departments, those of the area and the
    city-wide ones above it that serve it too. Window rows carry the prefix themselves."""
    field = "area_prefix" if window else (lookup or "department__area__prefix__startswith")
    field = field.removesuffix("__startswith")
    if lookup is not None:
        return Q(**{f"{field}__startswith": prefix})
    above = [prefix[:n] for n in (2, 4, 6, 9) if n < len(prefix)]
    return Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__in": above})


ENTITY: dict[str, tuple[Any, str, str | None]] = {
    "deputies": (DeputyMonth, "deputy", "deputy__constituency__prefix__startswith"),
    "stations": (StationMonth, "station", "station__area__prefix__startswith"),
    "departments": (DepartmentMonth, "department", None),
}
ENTITY_WINDOW = {
    "deputies": DeputyWindow,
    "stations": StationWindow,
    "departments": DepartmentWindow,
}
# What the per-entity tables show (fewer sums: the table's query is the page's largest).
TABLE_MEASURES = (
    "cases",
    "declined",
    "merged",
    "answered",
    "in_time",
    "decided",
    "answer_seconds",
    "closed",
    "solved",
    *RATING_FIELDS,
)
SCOPE_TABLE = {"deputy": "deputies", "station": "stations", "department": "departments"}


def entity_rows(
    scope: Scope, filters: Filters, table: str, *, public: bool = False
) -> QuerySet[Any]:
    """Per deputy / station / department over the period, largest first (one row each,
    summed over the categories, or of the filter's category only)."""
    model, key, area_lookup = ENTITY[table]
    window = _window_ready(ENTITY_WINDOW[table], filters)
    if window:
        model = ENTITY_WINDOW[table]
    qs = _period(model, filters, window)
    if scope.kind in SCOPE_TABLE:
        if SCOPE_TABLE[scope.kind] != table:
            return model.objects.none()
        qs = qs.filter(**{f"{key}_id__in": scope.ids})
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category.pk)
        if window:
            qs = qs.filter(all_categories=False)
    elif window:
        qs = qs.filter(all_categories=True)
    for prefix in [
        scope.prefix if scope.kind == "area" else None,
        filters.area.prefix if filters.area else None,
    ]:
        if prefix:
            qs = qs.filter(_in_area(prefix, area_lookup, window))
    if public:
        qs = qs.filter(deputy__status="serving")
    if window:  # one row per key already (of the category, or over all of them)
        return qs.values(f"{key}_id", *TABLE_MEASURES).order_by("-cases", f"{key}_id")
    return (
        qs.order_by()
        .values(f"{key}_id")
        .annotate(**_sums(TABLE_MEASURES))
        .order_by("-cases", f"{key}_id")
    )


def name_rows(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Derived figures and names for one page of entity rows."""
    model: Any = {"deputies": Deputy, "stations": Station, "departments": Department}[table]
    key = ENTITY[table][1] + "_id"
    names = dict(model.objects.filter(pk__in=[r[key] for r in rows]).values_list("pk", "name"))
    out = []
    for row in rows:
        derived = derive(row)
        derived["id"] = row[key]
        derived["name"] = names.get(row[key], "")
        out.append(derived)
    return out


def _suppress(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Public breakdowns: cells below SMALL_CELL hide their count; when only one cell is
    hidden, the next smallest is hidden too, so it cannot be worked out from the total."""
    small = [i for i in items if 0 < i["cases"] < SMALL_CELL]
    if len(small) == 1:
        others = sorted((i for i in items if i["cases"] >= SMALL_CELL), key=lambda i: i["cases"])
        small += others[:1]
    hidden = {id(i) for i in small}
    return [
        {**i, "cases": None, "suppressed": True} if id(i) in hidden else {**i, "suppressed": False}
        for i in items
    ]


def _children(scope: Scope, filters: Filters) -> tuple[dict[str, str], int]:
    """The areas one level below the selected one (or the user's jurisdiction, or the top)."""
    if filters.area is not None:
        parent_prefix = filters.area.prefix
    elif scope.kind == "area":
        parent_prefix = scope.prefix
    else:
        parent_prefix = ""
    length = {0: 6, 2: 4, 4: 6, 6: 9}.get(len(parent_prefix), 12)
    level = {4: 2, 6: 3, 9: 4, 12: 5}[length]
    names = dict(
        Area.objects.filter(prefix__startswith=parent_prefix, level=level).values_list(
            "prefix", "name"
        )
    )
    return names, length


def _base(scope: Scope, filters: Filters) -> QuerySet[Any]:
    """The rows behind the charts: the area tables, or the user's own entity rows."""
    if scope.by_area:
        return _area_rows(AreaMonth, scope, filters)
    model, key, _lookup = ENTITY[SCOPE_TABLE[scope.kind]]
    qs = model.objects.filter(
        month__gte=filters.start, month__lte=filters.end, **{f"{key}_id__in": scope.ids}
    )
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category.pk)
    return qs.order_by()


def totals(scope: Scope, filters: Filters) -> dict[str, Any]:
    """The headline figures only (the workbench card)."""
    if scope.by_area and _window_ready(AreaWindow, filters):
        rows = _area_rows(AreaWindow, scope, filters, window=True)
    else:
        rows = _base(scope, filters)
    return derive(rows.aggregate(**_sums(MEASURES)))


def dashboard(scope: Scope, filters: Filters, *, public: bool = False) -> dict[str, Any]:
    """Everything the charts of a dashboard need, as plain data (also the API's answer)."""
    months = filters.months()
    labels = [m.strftime("%Y-%m") for m in months]
    base = _base(scope, filters)
    fields = AREA_MEASURES if scope.by_area else MEASURES
    window = scope.by_area and _window_ready(AreaWindow, filters)
    summed = _area_rows(AreaWindow, scope, filters, window=True) if window else base
    totals = derive(summed.aggregate(**_sums(fields)))
    by_month = {
        r["month"]: derive(r)
        for r in base.values("month").annotate(**_sums(("cases", "answered", "in_time", "decided")))
    }
    trend = {
        "months": labels,
        "cases": [by_month.get(m, {}).get("cases", 0) for m in months],
        "answered": [by_month.get(m, {}).get("answered", 0) for m in months],
        "in_time_share": [by_month.get(m, {}).get("in_time_share") for m in months],
    }
    data: dict[str, Any] = {
        "period": {"start": labels[0], "end": labels[-1]},
        "labels": {
            "cases": pgettext("count", "Cases"),
            "answered": _("Answered"),
            "in_time": _("Answered in time (%)"),
            "deputy": _("Deputy's handling"),
            "department": _("Department's result"),
        },
        "totals": totals,
        "trend": trend,
        "response": {
            "labels": bucket_labels(),
            "cases": [totals.get(b, 0) for b in BUCKETS],
        },
        "satisfaction": {
            "labels": [_("Satisfied"), _("Basically satisfied"), _("Unsatisfied")],
            "deputy": [totals.get(f, 0) for f in RATING_FIELDS[:3]],
            "department": [totals.get(f, 0) for f in RATING_FIELDS[3:]],
        },
        "categories": [],
        "areas": [],
        "statuses": [],
        "channels": [],
    }
    if not scope.by_area:
        return data
    names = dict(Category.objects.filter(parent__isnull=True).values_list("pk", "name"))
    categories = [
        {
            "id": r["category_id"],
            "name": names.get(r["category_id"], _("Not classified")),
            "cases": r["cases"],
        }
        for r in summed.values("category_id").annotate(cases=Sum("cases")).order_by("-cases")
    ]
    child_names, length = _children(scope, filters)
    per_child: dict[str, int] = {}
    for prefix, cases in summed.values_list("area_prefix").annotate(Sum("cases")):
        key = prefix[:length]
        if key in child_names:
            per_child[key] = per_child.get(key, 0) + cases
    areas = [
        {"prefix": p, "name": child_names[p], "cases": n}
        for p, n in sorted(per_child.items(), key=lambda kv: -kv[1])
    ]
    statuses = [
        {"value": value, "name": str(label), "cases": totals.get(STATUS_COLUMNS[value], 0)}
        for value, label in Status.choices
        if totals.get(STATUS_COLUMNS[value])
    ]
    channels = [
        {"value": value, "name": str(label), "cases": totals.get(CHANNEL_COLUMNS[value], 0)}
        for value, label in Channel.choices
        if totals.get(CHANNEL_COLUMNS[value])
    ]
    statuses.sort(key=lambda i: -i["cases"])
    channels.sort(key=lambda i: -i["cases"])
    if public:
        categories, areas = _suppress(categories), _suppress(areas)
        statuses, channels = _suppress(statuses), _suppress(channels)
    data.update(categories=categories, areas=areas, statuses=statuses, channels=channels)
    return data


# Deputies' suggestions and bills: the charts of the committee's dashboard, from the tables the
# refresh fills (the proposals' numbers page computes the same figures from the items).
PROPOSAL_CHART_ROWS = 12
UNIT_MEASURES = (
    "items",
    "replied",
    "on_time",
    "result_a",
    "result_b",
    "result_c",
    "result_d",
    "satisfied",
    "rated",
    "rehandled",
)
DEPUTY_MEASURES = ("filed", "suggestions", "bills", "accepted", "cosigned")
CATEGORY_MEASURES = tuple(m for m in UNIT_MEASURES if m not in {"on_time", "rehandled"})


def _proposal_rows(model: Any, scope: Scope, filters: Filters) -> QuerySet[Any]:
    qs = model.objects.filter(month__gte=filters.start, month__lte=filters.end)
    for prefix in [
        scope.prefix if scope.kind == "area" else "",
        filters.area.prefix if filters.area else "",
    ]:
        if prefix:
            qs = qs.filter(area_prefix__startswith=prefix)
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category.pk)
    return qs.order_by()


def proposal_figures(
    scope: Scope, filters: Filters, *, limit: int | None = PROPOSAL_CHART_ROWS
) -> dict[str, Any] | None:
    """Suggestions and bills filed in the period, in the committee's scope (None for the
    other roles' dashboards): by lead unit, by deputy and by category, ordered as the numbers
    page orders them, the first `limit` rows of each (with how many there are)."""
    if not scope.by_area:
        return None
    units = list(
        _proposal_rows(ProposalUnitMonth, scope, filters)
        .values("unit__name")
        .annotate(**_sums(UNIT_MEASURES))
        .order_by("-items", "unit__name")
    )
    deputies = sorted(
        _proposal_rows(ProposalDeputyMonth, scope, filters)
        .values("deputy_id", "deputy__name")
        .annotate(**_sums(DEPUTY_MEASURES)),
        key=lambda r: (-r["filed"], -r["cosigned"], r["deputy__name"]),
    )
    categories = list(
        _proposal_rows(ProposalCategoryMonth, scope, filters)
        .values("filed_category__name")
        .annotate(**_sums(CATEGORY_MEASURES))
        .order_by("-items", "filed_category__name")
    )
    return {
        "labels": {
            "items": _("Items"),
            "replied": _("Replied"),
            "on_time": _("On time (%)"),
            "satisfied": _("Satisfied or basically satisfied (%)"),
            "rehandled": _("Re-handled (%)"),
            "filed": _("Filed"),
            "accepted": _("Accepted"),
            "cosigned": _("Co-signed"),
            "results": ["A", "B", "C", "D"],
        },
        "counts": {"units": len(units), "deputies": len(deputies), "categories": len(categories)},
        "units": [
            {"name": r["unit__name"], **{k: r[k] for k in UNIT_MEASURES}} for r in units[:limit]
        ],
        "deputies": [
            {"name": r["deputy__name"], **{k: r[k] for k in DEPUTY_MEASURES}}
            for r in deputies[:limit]
        ],
        "categories": [
            {
                "name": r["filed_category__name"] or _("Uncategorised"),
                **{k: r[k] for k in CATEGORY_MEASURES},
            }
            for r in categories[:limit]
        ],
    }
