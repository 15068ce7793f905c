#!/usr/bin/env python3
"""Statistics dashboards over 1,000,000 cases, 3,000 deputies and 200 stations, on SQLite and
PostgreSQL (quality.md: committee and public statistics dashboards p95 ≤ 150 ms).

    .venv/bin/python bench/stats.py [--db sqlite|postgres|both] [--cases 1000000] [--runs 40]
                                    [--keep]

For each database: a fresh database (SQLite under /tmp/lx-stats-bench-sqlite, PostgreSQL
`lx_bench_stats`, dropped and created again; `--keep --reuse` keeps it for the next run), migrations, then a generated city: 10 districts,
100 streets, 1,000 communities, 200 stations, 3,000 deputies, 40 departments, 15 top-level
categories with 7 sub-categories each. Then N cases over the last 24 months, bulk-inserted
(every state of the workflow, with first-answer times, due dates, lead referrals for about a
third and ratings for the closed ones). Then:

1. the real refresh job, full (`stats.refresh.refresh_full`, what `stats_refresh --full` and
   the nightly job run) and recent (`refresh_recent(2)`, the hourly job), timed;
2. the pages through Django's test client (the whole stack below the web server: middleware,
   session, CSP, template rendering, the queries): the committee dashboard as city-wide
   committee staff (default 12 months; one district; one category; the stations tab; page 20
   of the deputies), as one district's committee staff, as one deputy; and the public
   statistics page (default; one district; one category; page 20). `--runs` timed requests of
   each after two warm-up requests; p50 / p95 per page and over all the committee and all the
   public requests, against the 150 ms target.

Writes bench/results/stats-<db>-<timestamp>.json and prints it. The database is dropped (the
SQLite directory removed) at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_DB = "lx_bench_stats"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
TARGET_P95_MS = 150.0
DISTRICTS, STREETS_PER_DISTRICT, COMMUNITIES_PER_STREET = 10, 10, 10
STATIONS, DEPUTIES, DEPARTMENTS = 200, 3000, 40
TOP_CATEGORIES, SUB_CATEGORIES = 15, 7
MONTHS = 24
BATCH = 5000
STATUS_WEIGHTS = {
    "submitted": 2,
    "declined": 4,
    "merged": 2,
    "assigned": 6,
    "referred": 4,
    "returned": 1,
    "in_progress": 6,
    "answered": 3,
    "reported": 5,
    "closed": 67,
}
CHANNEL_WEIGHTS = {"online": 50, "station": 20, "deputy": 12, "hotline": 12, "api": 4, "open311": 2}


def psql(sql: str) -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql]
    subprocess.run(command, check=True)  # noqa: S603 - fixed command, psql on PATH


def setup(db: str, var_dir: str, reuse: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianxi.settings"
    os.environ["LIANXI_VAR_DIR"] = var_dir
    os.environ.setdefault("LIANXI_ENV", "local")
    if not reuse:
        shutil.rmtree(var_dir, ignore_errors=True)
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        os.environ["DATABASE_URL"] = PG_URL
        if not reuse:
            psql(f"DROP DATABASE IF EXISTS {PG_DB}")
            psql(f"CREATE DATABASE {PG_DB}")
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Production static storage (manifest), as the pages are served in production.
    call_command("collectstatic", interactive=False, verbosity=0)


def progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    sys.stderr.write(f"\r{label}: {done:>9,}/{total:,} ({rate:,.0f}/s)   ")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def make_city(rng: random.Random) -> dict[str, Any]:
    from lianxi.accounts.models import User
    from lianxi.core.choices import Role
    from lianxi.directory.models import Area, Category, Department, Deputy, Station

    province = Area.objects.create(name="基准省", code="980000000000", level=1)
    city = Area.objects.create(name="基准市", code="980100000000", level=2, parent=province)
    districts, streets, communities = [], [], []
    for d in range(1, DISTRICTS + 1):
        district = Area.objects.create(
            name=f"第{d}区", code=f"9801{d:02d}000000", level=3, parent=city
        )
        districts.append(district)
        for s in range(1, STREETS_PER_DISTRICT + 1):
            street = Area(
                name=f"第{d}区{s}街道", code=f"9801{d:02d}{s:03d}000", level=4, parent=district
            )
            street.save()
            streets.append(street)
            for c in range(1, COMMUNITIES_PER_STREET + 1):
                communities.append(
                    Area(
                        name=f"{street.name}{c}社区",
                        code=f"9801{d:02d}{s:03d}{c:03d}",
                        level=5,
                        parent=street,
                        prefix=f"9801{d:02d}{s:03d}{c:03d}",
                    )
                )
    Area.objects.bulk_create(communities)
    communities = list(Area.objects.filter(level=5).order_by("code"))
    stations = Station.objects.bulk_create(
        [
            Station(
                name=f"基准联络站{i:03d}",
                kind="station",
                area=communities[i * len(communities) // STATIONS],
                address=f"基准路{i}号",
            )
            for i in range(STATIONS)
        ]
    )
    deputies = Deputy.objects.bulk_create(
        [
            Deputy(
                name=f"代表{i:04d}",
                level="county",
                term=17,
                sector="professional",
                constituency=streets[i % len(streets)] if i % 3 else districts[i % DISTRICTS],
            )
            for i in range(DEPUTIES)
        ]
    )
    departments = Department.objects.bulk_create(
        [
            Department(
                name=f"基准部门{i:02d}",
                kind="government",
                area=city if i < 20 else districts[i % DISTRICTS],
            )
            for i in range(DEPARTMENTS)
        ]
    )
    leaves = []
    for t in range(TOP_CATEGORIES):
        top = Category.objects.create(name=f"类别{t:02d}", code=f"B{t:02d}")
        for s in range(SUB_CATEGORIES):
            leaves.append(
                Category.objects.create(name=f"类别{t:02d}-{s}", code=f"B{t:02d}{s}", parent=top)
            )
    committee = User(username="bench_committee", role=Role.COMMITTEE, jurisdiction=city)
    committee.set_unusable_password()
    committee.save()
    district_staff = User(
        username="bench_committee_d1", role=Role.COMMITTEE, jurisdiction=districts[0]
    )
    district_staff.set_unusable_password()
    district_staff.save()
    deputy_user = User(username="bench_deputy", role=Role.DEPUTY)
    deputy_user.set_unusable_password()
    deputy_user.save()
    Deputy.objects.filter(pk=deputies[0].pk).update(user=deputy_user)
    return {
        "city": city,
        "districts": districts,
        "communities": communities,
        "stations": stations,
        "deputies": deputies,
        "departments": departments,
        "categories": leaves,
        "committee": committee,
        "district_staff": district_staff,
        "deputy_user": deputy_user,
    }


class Inserter:
    """Rows straight into a model's table, bypassing the ORM (the fast bulk path): SQLite
    `executemany`, PostgreSQL `COPY`. Columns not given take the field's default."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.connection = connection
        self.table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.defaults = [
            f.get_default() if f.has_default() else (None if f.null else "") for f in fields
        ]
        self.rows: list[tuple[Any, ...]] = []
        self.sqlite = connection.vendor == "sqlite"

    def add(self, **values: Any) -> None:
        row = list(self.defaults)
        for name, value in values.items():
            if self.sqlite and isinstance(value, datetime):
                value = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
            elif self.sqlite and hasattr(value, "isoformat"):
                value = value.isoformat()
            row[self.index[name]] = value
        self.rows.append(tuple(row))

    def flush(self) -> int:
        count = len(self.rows)
        columns = ", ".join(self.columns)
        with self.connection.cursor() as cursor:
            if self.sqlite:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",  # noqa: S608
                    self.rows,
                )
            else:
                raw = cursor.cursor
                with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
        self.rows = []
        return count


def make_cases(n: int, world: dict[str, Any], rng: random.Random) -> dict[str, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from lianxi.cases.models import Case, Rating, Referral

    now = timezone.now()
    span = MONTHS * 30 * 86400
    statuses, status_w = zip(*STATUS_WEIGHTS.items(), strict=True)
    channels, channel_w = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    communities, stations = world["communities"], world["stations"]
    deputies, departments = world["deputies"], world["departments"]
    categories = [c.pk for c in world["categories"]]
    community_ids = [c.pk for c in communities]
    # Each community is served by the nearest station and one of a few deputies.
    station_of = {
        c: stations[i * STATIONS // len(communities)].pk for i, c in enumerate(community_ids)
    }
    deputies_of = {
        c: [deputies[(i * 3 + k) % DEPUTIES].pk for k in range(3)]
        for i, c in enumerate(community_ids)
    }
    department_ids = [d.pk for d in departments]
    cases, ratings, referrals = Inserter(Case), Inserter(Rating), Inserter(Referral)
    started = time.perf_counter()
    total_ratings = total_referrals = 0
    for first in range(0, n, BATCH):
        for number in range(first, min(first + BATCH, n)):
            pk = number + 1
            community = community_ids[int(rng.paretovariate(1.2) * 7) % len(community_ids)]
            submitted = now - timedelta(seconds=rng.randint(3600, span))
            status = rng.choices(statuses, status_w)[0]
            unrouted = status in ("submitted", "declined")
            answered = None
            if status in ("answered", "reported", "closed") or (
                status == "assigned" and number % 4 == 0
            ):
                answered = min(submitted + timedelta(hours=rng.expovariate(1 / 200)), now)
            closed = answered + timedelta(days=3) if status == "closed" and answered else None
            outcome = ""
            if status == "closed":
                outcome = rng.choices(["solved", "not_solved", "unrated"], [70, 15, 15])[0]
            elif status in ("declined", "merged"):
                outcome = status
            cases.add(
                id=pk,
                tracking_number=f"S{number:09d}",
                query_code_hash="-",
                kind="complaint",
                title="基准诉求",
                content="基准诉求内容",
                category_id=categories[number % len(categories)] if number % 20 else None,
                community_id=community,
                channel=rng.choices(channels, channel_w)[0],
                deputy_id=None if unrouted else rng.choice(deputies_of[community]),
                station_id=station_of[community] if number % 3 else None,
                status=status,
                outcome=outcome,
                due_date=None if unrouted else (submitted + timedelta(days=15)).date(),
                submitted_at=submitted,
                first_answer_at=answered,
                closed_at=closed,
            )
            if status == "closed" and outcome != "unrated":
                ratings.add(
                    id=pk,
                    case_id=pk,
                    round=0,
                    deputy_rating=rng.choices(["satisfied", "basic", "unsatisfied"], [7, 2, 1])[0],
                    department_rating=rng.choice(["satisfied", "basic", "unsatisfied", ""]),
                    rated_at=closed,
                )
            if not unrouted and number % 3 == 0:
                dept_answer = answered if status not in ("referred", "returned") else None
                referrals.add(
                    id=pk,
                    case_id=pk,
                    department_id=department_ids[number % DEPARTMENTS],
                    role="lead",
                    status="answered" if dept_answer else "accepted",
                    referred_at=submitted + timedelta(hours=2),
                    due_date=(submitted + timedelta(days=15)).date(),
                    accept_by=(submitted + timedelta(days=3)).date(),
                    answered_at=dept_answer,
                    result_class=rng.choice("ABCD") if dept_answer else "",
                )
        with transaction.atomic():
            cases.flush()
            total_ratings += ratings.flush()
            total_referrals += referrals.flush()
        progress("cases", min(first + BATCH, n), n, started)
    insert_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("cases_case", "cases_rating", "cases_referral"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return {
        "insert_s": round(insert_s, 1),
        "ratings": total_ratings,
        "referrals": total_referrals,
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(client: Any, url: str, params: dict[str, str], runs: int) -> list[float]:
    for _i in range(2):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
    times = []
    for _i in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def load_city() -> dict[str, Any]:
    """The city of an earlier run (--reuse)."""
    from lianxi.accounts.models import User
    from lianxi.directory.models import Area, Category

    return {
        "districts": list(Area.objects.filter(level=3).order_by("code")),
        "communities": list(Area.objects.filter(level=5).order_by("code")),
        "categories": list(Category.objects.filter(parent__isnull=False).order_by("code")),
        "committee": User.objects.get(username="bench_committee"),
        "district_staff": User.objects.get(username="bench_committee_d1"),
        "deputy_user": User.objects.get(username="bench_deputy"),
    }


def run(db: str, n: int, runs: int, keep: bool, reuse: bool) -> dict[str, Any]:
    var_dir = f"/tmp/lx-stats-bench-{db}"  # noqa: S108 - the bench's own scratch directory
    setup(db, var_dir, reuse)
    from django.test import Client
    from django.urls import reverse

    from lianxi.cases.models import Case
    from lianxi.stats import refresh
    from lianxi.stats.models import (
        AreaMonth,
        DepartmentMonth,
        DeputyMonth,
        DeputyWindow,
        StationMonth,
    )

    rng = random.Random(11)  # noqa: S311 - generated bench data
    if reuse and Case.objects.count() == n:
        world, loaded = load_city(), {"insert_s": None, "reused": True}
    else:
        world = make_city(rng)
        loaded = make_cases(n, world, rng)

    started = time.perf_counter()

    def show(month: Any, cases: int) -> None:
        sys.stderr.write(f"\rrefresh: {month:%Y-%m} {cases:,} cases   ")
        sys.stderr.flush()

    full = refresh.refresh_full(progress=show)
    full_s = time.perf_counter() - started
    sys.stderr.write("\n")
    started = time.perf_counter()
    recent = refresh.refresh_recent(2)
    recent_s = time.perf_counter() - started

    district = str(world["districts"][3].pk)
    category = str(world["categories"][0].parent_id)
    from lianxi.accounts import second_factor

    dashboard, public = reverse("stats_work:dashboard"), reverse("stats:statistics")
    committee, district_staff, deputy = Client(), Client(), Client()
    for client, user in (
        (committee, world["committee"]),
        (district_staff, world["district_staff"]),
    ):
        client.force_login(user, "django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[second_factor.SESSION_KEY] = "totp"  # as a sign-in with the code leaves it
        session.save()
    deputy.force_login(world["deputy_user"], "django.contrib.auth.backends.ModelBackend")
    anonymous = Client()
    pages: list[tuple[str, str, Any, str, dict[str, str]]] = [
        ("committee", "city, 12 months", committee, dashboard, {}),
        ("committee", "city, one district", committee, dashboard, {"area": district}),
        ("committee", "city, one category", committee, dashboard, {"category": category}),
        (
            "committee",
            "city, 36 months, stations",
            committee,
            dashboard,
            {"period": "36", "table": "stations"},
        ),
        ("committee", "city, deputies page 20", committee, dashboard, {"page": "20"}),
        ("committee", "district staff", district_staff, dashboard, {}),
        ("committee", "one deputy", deputy, dashboard, {}),
        ("public", "12 months", anonymous, public, {}),
        ("public", "one district", anonymous, public, {"area": district}),
        (
            "public",
            "one category, 24 months",
            anonymous,
            public,
            {"category": category, "period": "24"},
        ),
        ("public", "deputies page 20", anonymous, public, {"page": "20"}),
    ]
    rows, by_kind = [], {"committee": [], "public": []}  # type: ignore[var-annotated]
    for kind, label, client, url, params in pages:
        times = measure(client, url, params, runs)
        by_kind[kind].extend(times)
        rows.append(
            {
                "page": kind,
                "case": label,
                "params": params,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
            }
        )
        sys.stderr.write(
            f"{kind:<10}{label:<30}p50 {rows[-1]['p50_ms']:>7} ms  p95 {rows[-1]['p95_ms']:>7} ms\n"
        )
    summary = {
        kind: {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "target_p95_ms": TARGET_P95_MS,
            "p95_over_target": round(percentile(times, 95) / TARGET_P95_MS, 2),
            "met": percentile(times, 95) <= TARGET_P95_MS,
        }
        for kind, times in by_kind.items()
    }
    result = {
        "bench": "stats",
        "db": db,
        "cases": n,
        "deputies": DEPUTIES,
        "stations": STATIONS,
        "communities": len(world["communities"]),
        "months": MONTHS,
        **loaded,
        "refresh_full_s": round(full_s, 1),
        "refresh_full_months": full.months,
        "refresh_recent_s": round(recent_s, 1),
        "refresh_recent_months": recent.months,
        "rows": {
            "area_month": AreaMonth.objects.count(),
            "station_month": StationMonth.objects.count(),
            "deputy_month": DeputyMonth.objects.count(),
            "department_month": DepartmentMonth.objects.count(),
            "deputy_window": DeputyWindow.objects.count(),
        },
        "runs_per_page": runs,
        "pages": rows,
        "summary": summary,
        "target": "committee and public statistics dashboards p95 ≤ 150 ms (quality.md)",
        "at": datetime.now(UTC).isoformat(),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"stats-{db}-{stamp}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1)
    )
    if not keep:
        from django.db import connections

        connections.close_all()
        if db == "postgres":
            psql(f"DROP DATABASE IF EXISTS {PG_DB}")
        shutil.rmtree(var_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the kept database if it holds N cases"
    )
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        if len(dbs) > 1:  # a fresh process per database (Django is set up once per process)
            command = [
                sys.executable,
                __file__,
                "--db",
                db,
                "--cases",
                str(args.cases),
                "--runs",
                str(args.runs),
            ]
            command += ["--keep"] if args.keep else []
            command += ["--reuse"] if args.reuse else []
            subprocess.run(command, check=True)  # noqa: S603 - our own interpreter and script
            continue
        result = run(db, args.cases, args.runs, args.keep, args.reuse)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        for kind, figures in result["summary"].items():
            verdict = "met" if figures["met"] else "NOT met"
            print(
                f"{db} {kind} dashboard: p95 {figures['p95_ms']} ms, target ≤ "
                f"{TARGET_P95_MS:.0f} ms ({figures['p95_over_target']}× the target: {verdict})"
            )


if __name__ == "__main__":
    main()
