"""The refresh job: rebuild the statistics tables of whole months from the case ledger.

A month is rebuilt in one transaction: its rows are deleted from every table and computed again
from the cases submitted in it, so running the job twice gives the same rows (idempotent), and
a reader sees either the old or the new month, never half of one.

- `refresh_months(months)`: the given months;
- `refresh_full()`: every month that has cases, and removes rows of months that no longer do;
- `refresh_recent(days)`: the months of cases that changed in the last `days` days (an event,
  a rating, a referral step, or a due date passing), plus the current month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from lianxi.cases.choices import Outcome, ReferralRole, ReferralStatus, Satisfaction, Status
from lianxi.cases.models import Case, CaseEvent, Rating, Referral
from lianxi.cases.stats import answered_in_time
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.proposals.choices import CosignStatus
from lianxi.proposals.models import Cosigner, Proposal
from lianxi.proposals.numbers import ACCEPTED, DONE, FILED
from lianxi.stats.models import (
    AREA_MEASURES,
    BUCKET_LIMIT_DAYS,
    BUCKETS,
    CHANNEL_COLUMNS,
    MEASURES,
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
    RefreshRun,
    StationMonth,
    StationWindow,
)

TABLES = (AreaMonth, DeputyMonth, StationMonth, DepartmentMonth)

STREET_LEVEL = 4
Progress = Callable[[date, int], None]


def month_start(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    end_month = next_month(month)
    return start, datetime(end_month.year, end_month.month, 1, tzinfo=tz)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


class Lookups:
    """The directory's trees, loaded once per run: area → street, category → top level."""

    def __init__(self) -> None:
        self.areas = {
            a: (lvl, parent, prefix)
            for a, lvl, parent, prefix in Area.objects.values_list(
                "id", "level", "parent_id", "prefix"
            )
        }
        self.categories = dict(Category.objects.values_list("id", "parent_id"))
        self.station_area = dict(Station.objects.values_list("id", "area_id"))
        self.deputy_area = dict(Deputy.objects.values_list("id", "constituency_id"))
        self._street: dict[int, int] = {}
        self._top: dict[int, int] = {}

    def street(self, area_id: int | None) -> int | None:
        if area_id is None or area_id not in self.areas:
            return None
        if area_id not in self._street:
            current = area_id
            while self.areas[current][0] > STREET_LEVEL and self.areas[current][1] is not None:
                current = self.areas[current][1]  # type: ignore[assignment]
            self._street[area_id] = current
        return self._street[area_id]

    def prefix(self, area_id: int | None) -> str:
        return self.areas[area_id][2] if area_id is not None else ""

    def top_category(self, category_id: int | None) -> int | None:
        if category_id is None or category_id not in self.categories:
            return None
        if category_id not in self._top:
            current = category_id
            while self.categories.get(current) is not None:
                current = self.categories[current]  # type: ignore[assignment]
            self._top[category_id] = current
        return self._top[category_id]

    def case_area(
        self, community: int | None, station: int | None, deputy: int | None
    ) -> int | None:
        """The case's place: its community, else its station's area, else the deputy's."""
        if community is not None:
            return self.street(community)
        if station is not None:
            return self.street(self.station_area.get(station))
        if deputy is not None:
            return self.street(self.deputy_area.get(deputy))
        return None


def _bucket(seconds: float) -> str:
    days = seconds / 86400
    for name, limit in zip(BUCKETS, BUCKET_LIMIT_DAYS, strict=False):
        if days <= limit:
            return name
    return BUCKETS[-1]


def _new() -> dict[str, int]:
    return dict.fromkeys(MEASURES, 0)


def _new_area() -> dict[str, int]:
    return dict.fromkeys(AREA_MEASURES, 0)


def _add_case(
    row: dict[str, int], case: tuple[Any, ...], rating: tuple[str, str] | None, today: date
) -> None:
    (
        _pk,
        _community,
        _station,
        _deputy,
        _category,
        status,
        _channel,
        outcome,
        submitted_at,
        first_answer_at,
        due_date,
    ) = case
    row["cases"] += 1
    if status == Status.DECLINED:
        row["declined"] += 1
        return
    if status == Status.MERGED:
        row["merged"] += 1
        return
    row["handled"] += 1
    if first_answer_at is not None:
        seconds = max(0, int((first_answer_at - submitted_at).total_seconds()))
        row["answered"] += 1
        row["decided"] += 1
        row["answer_seconds"] += seconds
        row[_bucket(seconds)] += 1
        row["in_time"] += answered_in_time(first_answer_at, due_date)
    elif due_date is not None and due_date < today:
        row["decided"] += 1
    if status == Status.CLOSED:
        row["closed"] += 1
        row["solved"] += outcome == Outcome.SOLVED
    if rating is not None:
        _add_rating(row, "deputy", rating[0])
        _add_rating(row, "dept", rating[1])


def _add_rating(row: dict[str, int], who: str, level: str) -> None:
    if level == Satisfaction.SATISFIED:
        row[f"{who}_satisfied"] += 1
    elif level == Satisfaction.BASIC:
        row[f"{who}_basic"] += 1
    elif level == Satisfaction.UNSATISFIED:
        row[f"{who}_unsatisfied"] += 1


CASE_FIELDS = (
    "pk",
    "community_id",
    "station_id",
    "deputy_id",
    "category_id",
    "status",
    "channel",
    "outcome",
    "submitted_at",
    "first_answer_at",
    "due_date",
)


@dataclass
class MonthRows:
    area: list[AreaMonth]
    deputy: list[DeputyMonth]
    station: list[StationMonth]
    department: list[DepartmentMonth]
    cases: int


def compute_month(month: date, lookups: Lookups, today: date) -> MonthRows:
    start, end = month_bounds(month)
    in_month = {"submitted_at__gte": start, "submitted_at__lt": end}
    cases = list(
        Case.objects.filter(**in_month)
        .order_by()
        .values_list(*CASE_FIELDS)
        .iterator(chunk_size=5000)
    )
    ratings: dict[int, tuple[int, str, str]] = {}
    for case_id, rnd, dep, dep_dept, void in (
        Rating.objects.filter(**{f"case__{k}": v for k, v in in_month.items()})
        .order_by()
        .values_list(
            "case_id", "round", "deputy_rating", "department_rating", "department_rating_void"
        )
    ):
        if case_id not in ratings or ratings[case_id][0] < rnd:
            # An upheld appeal set the department's rating aside: it counts as not given.
            ratings[case_id] = (rnd, dep, "" if void else dep_dept)

    # Every table is keyed by (area / deputy / station / department, top-level category).
    area_rows: dict[tuple[int | None, int | None], dict[str, int]] = defaultdict(_new_area)
    deputy_rows: dict[tuple[int, int | None], dict[str, int]] = defaultdict(_new)
    station_rows: dict[tuple[int, int | None], dict[str, int]] = defaultdict(_new)
    for case in cases:
        pk, community, station, deputy, category, status, channel = case[:7]
        found = ratings.get(pk)
        rating = (found[1], found[2]) if found else None
        area = lookups.case_area(community, station, deputy)
        top = lookups.top_category(category)
        area_row = area_rows[(area, top)]
        _add_case(area_row, case, rating, today)
        if status in STATUS_COLUMNS:
            area_row[STATUS_COLUMNS[status]] += 1
        if channel in CHANNEL_COLUMNS:
            area_row[CHANNEL_COLUMNS[channel]] += 1
        if deputy is not None:
            _add_case(deputy_rows[(deputy, top)], case, rating, today)
        if station is not None:
            _add_case(station_rows[(station, top)], case, rating, today)

    department_rows: dict[tuple[int, int | None], dict[str, int]] = defaultdict(_new)
    referral: tuple[Any, ...]
    for referral in (
        Referral.objects.filter(
            **{f"case__{k}": v for k, v in in_month.items()}, role=ReferralRole.LEAD
        )
        .exclude(status=ReferralStatus.WITHDRAWN)
        .order_by()
        .values_list(
            "case_id",
            "department_id",
            "referred_at",
            "due_date",
            "answered_at",
            "result_class",
            "status",
            "case__category_id",
            "case__outcome",
        )
    ):
        case_id, dept, referred_at, due, answered_at, result, state, category, outcome = referral
        row = department_rows[(dept, lookups.top_category(category))]
        row["cases"] += 1
        if state == ReferralStatus.RETURNED:
            row["declined"] += 1
            continue
        row["handled"] += 1
        if answered_at is not None:
            seconds = max(0, int((answered_at - referred_at).total_seconds()))
            row["answered"] += 1
            row["decided"] += 1
            row["answer_seconds"] += seconds
            row[_bucket(seconds)] += 1
            row["in_time"] += answered_in_time(answered_at, due)
            # Solved is the department's A, unless the citizen closed it as not solved (B9).
            row["solved"] += result == "A" and outcome != Outcome.NOT_SOLVED
            found = ratings.get(case_id)
            if found:
                _add_rating(row, "dept", found[2])
        elif due < today:
            row["decided"] += 1

    return MonthRows(
        area=[
            AreaMonth(month=month, area_id=a, area_prefix=lookups.prefix(a), category_id=c, **m)
            for (a, c), m in area_rows.items()
        ],
        deputy=[
            DeputyMonth(month=month, deputy_id=k, category_id=c, **m)
            for (k, c), m in deputy_rows.items()
        ],
        station=[
            StationMonth(month=month, station_id=k, category_id=c, **m)
            for (k, c), m in station_rows.items()
        ],
        department=[
            DepartmentMonth(month=month, department_id=k, category_id=c, **m)
            for (k, c), m in department_rows.items()
        ],
        cases=len(cases),
    )


def _store(month: date, rows: MonthRows) -> None:
    with transaction.atomic():
        for table in TABLES:
            table.objects.filter(month=month).delete()
        AreaMonth.objects.bulk_create(rows.area, batch_size=2000)
        DeputyMonth.objects.bulk_create(rows.deputy, batch_size=2000)
        StationMonth.objects.bulk_create(rows.station, batch_size=2000)
        DepartmentMonth.objects.bulk_create(rows.department, batch_size=2000)


def refresh_months(
    months: Iterable[date], *, full: bool = False, progress: Progress | None = None
) -> RefreshRun:
    started = timezone.now()
    lookups = Lookups()
    today = timezone.localdate()
    done = total = 0
    for month in sorted({m.replace(day=1) for m in months}):
        rows = compute_month(month, lookups, today)
        _store(month, rows)
        done += 1
        total += rows.cases
        if progress is not None:
            progress(month, rows.cases)
    rebuild_windows(today.replace(day=1))
    rebuild_proposals(lookups)
    return RefreshRun.objects.create(
        started_at=started, finished_at=timezone.now(), full=full, months=done, cases=total
    )


WINDOW_TABLES: tuple[tuple[Any, Any, tuple[str, ...], tuple[str, ...]], ...] = (
    (AreaMonth, AreaWindow, ("area_id", "area_prefix", "category_id"), AREA_MEASURES),
    (DeputyMonth, DeputyWindow, ("deputy_id", "category_id"), MEASURES),
    (StationMonth, StationWindow, ("station_id", "category_id"), MEASURES),
    (DepartmentMonth, DepartmentWindow, ("department_id", "category_id"), MEASURES),
)


def months_back(end: date, count: int) -> date:
    """The first month of the `count` months ending with `end`."""
    start = end
    for _i in range(count - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start


ALL = {"all_categories": True}


def rebuild_windows(end: date) -> None:
    """Sums of the last 3, 6, 12, 24 and 36 months per key and category, from the monthly
    tables, replaced in one transaction."""
    prefixes = {
        "deputy_id": dict(Deputy.objects.values_list("pk", "constituency__prefix")),
        "station_id": dict(Station.objects.values_list("pk", "area__prefix")),
        "department_id": dict(Department.objects.values_list("pk", "area__prefix")),
    }
    with transaction.atomic():
        for monthly, window, keys, fields in WINDOW_TABLES:
            window.objects.all().delete()
            prefix_of = prefixes.get(keys[0])
            # Entity windows: per key and category, then per key over all categories.
            groupings = [(keys, {})] if prefix_of is None else [(keys, {}), (keys[:1], ALL)]
            for count in WINDOWS:
                for group, extra in groupings:
                    rows = (
                        monthly.objects.filter(month__gte=months_back(end, count), month__lte=end)
                        .order_by()
                        .values(*group)
                        .annotate(**{name: Sum(name) for name in fields})
                    )
                    window.objects.bulk_create(
                        [
                            window(month=end, months=count, **row)
                            if prefix_of is None
                            else window(
                                month=end,
                                months=count,
                                area_prefix=prefix_of.get(row[keys[0]], ""),
                                **extra,
                                **row,
                            )
                            for row in rows
                        ],
                        batch_size=2000,
                    )


PROPOSAL_FIELDS = (
    "pk",
    "kind",
    "status",
    "filed_at",
    "created_at",
    "area_id",
    "area__prefix",
    "category_id",
    "author_id",
    "lead_id",
    "replied_at",
    "due_date",
    "result",
    "rating",
    "rehandled",
)
RESULTS = ("A", "B", "C", "D")
PROPOSAL_TABLES = (ProposalUnitMonth, ProposalDeputyMonth, ProposalCategoryMonth)


def rebuild_proposals(lookups: Lookups) -> int:
    """The suggestions and bills tables, whole, in one transaction: every item but drafts,
    counted as `lianxi.proposals.numbers` counts them (by unit: items with a lead; by deputy
    and by category: items filed), keyed by the month it was filed, its area and its
    top-level category. Returns the items read."""
    units: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    deputies: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    categories: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    place: dict[int, tuple[date, int, str, int | None]] = {}
    items = Proposal.objects.exclude(status="draft").order_by().values_list(*PROPOSAL_FIELDS)
    count = 0
    for item in items.iterator(chunk_size=2000):
        (pk, kind, status, filed_at, created_at, area, prefix, category, author, lead) = item[:10]
        replied_at, due_date, result, rating, rehandled = item[10:]
        count += 1
        key = (month_start(filed_at or created_at), area, prefix, lookups.top_category(category))
        place[pk] = key
        done = status in DONE
        satisfied = rating in ("satisfied", "basic")
        if lead is not None:
            row = units[(*key, lead)]
            row["items"] += 1
            row["replied"] += done
            # Late as the numbers page counts it: replied (local date) after the due date.
            late = (
                replied_at is not None
                and due_date is not None
                and timezone.localtime(replied_at).date() > due_date
            )
            row["on_time"] += done and not late
            if result in RESULTS:
                row[f"result_{result.lower()}"] += 1
            row["satisfied"] += satisfied
            row["rated"] += rating != ""
            row["rehandled"] += bool(rehandled)
        if status not in FILED:
            continue
        row = deputies[(*key, author)]
        row["filed"] += 1
        row["suggestions"] += kind == "suggestion"
        row["bills"] += kind == "bill"
        row["accepted"] += status in ACCEPTED
        row = categories[(*key, category)]
        row["items"] += 1
        row["replied"] += done
        if result in RESULTS:
            row[f"result_{result.lower()}"] += 1
        row["satisfied"] += satisfied
        row["rated"] += rating != ""
    signed = Cosigner.objects.filter(
        status=CosignStatus.CONFIRMED, proposal__status__in=FILED
    ).values_list("proposal_id", "deputy_id")
    for proposal_id, deputy_id in signed.order_by().iterator(chunk_size=5000):
        deputies[(*place[proposal_id], deputy_id)]["cosigned"] += 1

    def made(model: Any, rows: dict[tuple[Any, ...], dict[str, int]], last: str) -> list[Any]:
        return [
            model(
                month=month,
                area_id=area,
                area_prefix=prefix,
                category_id=top,
                **{last: key},
                **measures,
            )
            for (month, area, prefix, top, key), measures in rows.items()
        ]

    with transaction.atomic():
        for table in PROPOSAL_TABLES:
            table.objects.all().delete()
        ProposalUnitMonth.objects.bulk_create(made(ProposalUnitMonth, units, "unit_id"), 2000)
        ProposalDeputyMonth.objects.bulk_create(
            made(ProposalDeputyMonth, deputies, "deputy_id"), 2000
        )
        ProposalCategoryMonth.objects.bulk_create(
            made(ProposalCategoryMonth, categories, "filed_category_id"), 2000
        )
    return count


def case_months() -> list[date]:
    span = Case.objects.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if span["first"] is None:
        return []
    return months_between(month_start(span["first"]), month_start(span["last"]))


def refresh_full(progress: Progress | None = None) -> RefreshRun:
    months = case_months()
    with transaction.atomic():
        for table in TABLES:
            table.objects.exclude(month__in=months).delete()
    return refresh_months(months, full=True, progress=progress)


def changed_months(days: int) -> set[date]:
    """Months of the cases touched in the last `days` days, and the current month."""
    now = timezone.now()
    since = now - timedelta(days=days)
    today = timezone.localdate()
    months = {today.replace(day=1)}
    sources = [
        Case.objects.filter(submitted_at__gte=since),
        Case.objects.filter(pk__in=CaseEvent.objects.filter(at__gte=since).values("case_id")),
        Case.objects.filter(pk__in=Rating.objects.filter(rated_at__gte=since).values("case_id")),
        Case.objects.filter(
            pk__in=Referral.objects.filter(referred_at__gte=since).values("case_id")
        ),
        Case.objects.filter(
            pk__in=Referral.objects.filter(answered_at__gte=since).values("case_id")
        ),
        # An unanswered case whose due date passed since counts as decided now.
        Case.objects.filter(due_date__gte=today - timedelta(days=days), due_date__lt=today),
        Case.objects.filter(
            pk__in=Referral.objects.filter(
                due_date__gte=today - timedelta(days=days), due_date__lt=today
            ).values("case_id")
        ),
    ]
    for qs in sources:
        for moment in qs.order_by().values_list("submitted_at", flat=True).distinct().iterator():
            months.add(month_start(moment))
    return months


def refresh_recent(days: int = 3, progress: Progress | None = None) -> RefreshRun:
    return refresh_months(changed_months(days), progress=progress)
