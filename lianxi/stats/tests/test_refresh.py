"""The refresh job: figures equal direct counts from the cases; running it twice gives the
same rows; the recent refresh catches changes; the command and the periodic jobs run it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case, CaseEvent
from lianxi.cases.stats import answer_stats
from lianxi.stats import actions, refresh, tasks
from lianxi.stats.models import (
    MEASURES,
    AreaMonth,
    AreaWindow,
    DepartmentMonth,
    DepartmentWindow,
    DeputyMonth,
    DeputyWindow,
    StationMonth,
    StationWindow,
)
from lianxi.stats.tests.conftest import Ledger, make_case

pytestmark = pytest.mark.django_db

TABLES = (
    AreaMonth,
    DeputyMonth,
    StationMonth,
    DepartmentMonth,
    AreaWindow,
    DeputyWindow,
    StationWindow,
    DepartmentWindow,
)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in TABLES:
        fields = [f.attname for f in table._meta.concrete_fields if f.attname != "id"]
        out[table.__name__] = sorted(table.objects.values_list(*fields), key=repr)
    return out


def total(qs: Any, field: str = "cases") -> int:
    return qs.aggregate(n=Sum(field))["n"] or 0


def test_full_refresh_matches_direct_counts(world: World, ledger: Ledger) -> None:
    run = actions.refresh_statistics(None, full=True)
    cases = Case.objects.all()
    assert run.cases == cases.count() == len(ledger.cases)
    assert run.months == 3
    assert total(AreaMonth.objects.all()) == cases.count()
    # Per month.
    for month in {refresh.month_start(c.submitted_at) for c in ledger.cases}:
        start, end = refresh.month_bounds(month)
        direct = cases.filter(submitted_at__gte=start, submitted_at__lt=end)
        assert total(AreaMonth.objects.filter(month=month)) == direct.count()
    # Per top-level category (a sub-category counts under its parent).
    housing = cases.filter(category__in=[ledger.housing, ledger.housing_sub]).count()
    assert total(AreaMonth.objects.filter(category=ledger.housing)) == housing
    assert total(AreaMonth.objects.filter(category=ledger.market)) == (
        cases.filter(category=ledger.market).count()
    )
    # Per district: the case's community, else its station's area, else its deputy's.
    d1 = AreaMonth.objects.filter(area_prefix__startswith=world.district1.prefix)
    direct_d1 = sum(
        1
        for c in cases.select_related("community", "station__area", "deputy__constituency")
        if (c.community or (c.station and c.station.area) or (c.deputy and c.deputy.constituency))
        and world.district1.contains(
            c.community or (c.station.area if c.station else c.deputy.constituency)  # type: ignore[union-attr]
        )
    )
    assert total(d1) == direct_d1
    # Status and channel breakdowns.
    statuses = Counter(cases.values_list("status", flat=True))
    channels = Counter(cases.values_list("channel", flat=True))
    for status, n in statuses.items():
        assert total(AreaMonth.objects.all(), f"status_{status}") == n
    for channel, n in channels.items():
        assert total(AreaMonth.objects.all(), f"channel_{channel}") == n
    # Per deputy: the same figures as the public deputy page (cases.stats).
    for deputy in (world.deputy_a, world.deputy_b):
        rows = DeputyMonth.objects.filter(deputy=deputy)
        expected = answer_stats(deputy)
        assert total(rows, "handled") == expected["cases"]
        decided = total(rows, "decided")
        share = round(total(rows, "in_time") / decided, 3) if decided else None
        assert share == expected["answered_in_time_share"]
    # Per station and department.
    assert total(StationMonth.objects.filter(station=world.station_a)) == (
        cases.filter(station=world.station_a).count()
    )
    for dept in (world.dept_x, world.dept_y):
        referred = cases.filter(referrals__department=dept, referrals__role="lead")
        assert total(DepartmentMonth.objects.filter(department=dept)) == referred.count()
        answered = referred.filter(referrals__answered_at__isnull=False).count()
        assert total(DepartmentMonth.objects.filter(department=dept), "answered") == answered
    # Ratings: the latest round of each case.
    rated = cases.filter(ratings__isnull=False).distinct().count()
    deputy_ratings = sum(
        total(AreaMonth.objects.all(), f)
        for f in ("deputy_satisfied", "deputy_basic", "deputy_unsatisfied")
    )
    assert deputy_ratings == rated
    assert AuditEvent.objects.filter(action="stats.refresh").exists()


def test_refresh_twice_gives_identical_rows(world: World, ledger: Ledger) -> None:
    actions.refresh_statistics(None, full=True)
    first = snapshot()
    assert first["AreaMonth"]
    actions.refresh_statistics(None, full=True)
    assert snapshot() == first
    actions.refresh_statistics(None, days=366)
    assert snapshot() == first


def test_recent_refresh_catches_a_change_and_equals_a_full_rebuild(
    world: World, ledger: Ledger
) -> None:
    actions.refresh_statistics(None, full=True)
    old = ledger.cases[0]
    Case.objects.filter(pk=old.pk).update(status="closed", outcome="solved")
    CaseEvent.objects.create(case=old, at=timezone.now(), step="close")
    make_case(world, 999, submitted_at=timezone.now() - timedelta(minutes=5))
    months = refresh.changed_months(1)
    assert refresh.month_start(old.submitted_at) in months
    run = actions.refresh_statistics(None, days=1)
    assert run.months == len(months)
    after_recent = snapshot()
    actions.refresh_statistics(None, full=True)
    assert snapshot() == after_recent
    assert total(AreaMonth.objects.all()) == Case.objects.count()


def test_full_refresh_drops_months_without_cases(world: World, ledger: Ledger) -> None:
    actions.refresh_statistics(None, full=True)
    oldest = min(refresh.month_start(c.submitted_at) for c in ledger.cases)
    start, end = refresh.month_bounds(oldest)
    Case.objects.filter(submitted_at__gte=start, submitted_at__lt=end).update(
        submitted_at=timezone.now() - timedelta(hours=1)
    )
    actions.refresh_statistics(None, full=True)
    assert not AreaMonth.objects.filter(month=oldest).exists()
    assert total(AreaMonth.objects.all()) == Case.objects.count()


def test_empty_ledger(db: Any) -> None:
    run = actions.refresh_statistics(None, full=True)
    assert run.months == 0 and not AreaMonth.objects.exists()


def test_command_and_jobs(world: World, ledger: Ledger) -> None:
    out = StringIO()
    call_command("stats_refresh", "--full", stdout=out)
    assert "3 months" in out.getvalue()
    first = snapshot()
    call_command("stats_refresh", "--days", "2", stdout=StringIO())
    assert tasks.refresh_recent() >= 1
    assert tasks.refresh_all() == 3
    assert snapshot() == first


def test_days_out_of_range_is_refused(db: Any) -> None:
    from lianxi.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        actions.refresh_statistics(None, days=0)


def test_all_measures_are_columns() -> None:
    names = {f.name for f in AreaMonth._meta.fields}
    assert set(MEASURES) <= names


@pytest.mark.parametrize("category", ["", "housing", "market"])
@pytest.mark.parametrize("span", ["3", "6", "12", "24", "36"])
def test_windows_give_the_same_figures_as_the_months(
    world: World, ledger: Ledger, span: str, category: str
) -> None:
    from lianxi.stats.access import PUBLIC, Scope
    from lianxi.stats.forms import FilterForm
    from lianxi.stats.queries import dashboard, entity_rows

    actions.refresh_statistics(None, full=True)
    scopes = [PUBLIC, Scope("area", prefix=world.district1.prefix)]
    data = {"period": span, "category": getattr(ledger, category).pk if category else ""}
    filters = [FilterForm(data, scope=s).filters() for s in scopes]
    assert all(f.category == (getattr(ledger, category) if category else None) for f in filters)

    def read() -> list[Any]:
        out = []
        for scope, f in zip(scopes, filters, strict=True):
            out.append(dashboard(scope, f))
            for table in ("deputies", "stations", "departments"):
                out.append(list(entity_rows(scope, f, table)))
        return out

    with_windows = read()
    assert DeputyWindow.objects.filter(months=int(span)).exists()
    for table in (AreaWindow, DeputyWindow, StationWindow, DepartmentWindow):
        table.objects.all().delete()
    assert read() == with_windows
