#!/usr/bin/env python3
"""Search latency over 1,000,000 indexed cases, on SQLite and PostgreSQL (quality.md: p95 ≤ 20 ms
for a two-word Chinese query).

    .venv/bin/python bench/search.py [--db sqlite|postgres|both] [--cases 1000000] [--runs 30]
                                     [--reuse]

For each database: a fresh database (SQLite under /tmp/lx-bench-search-sqlite, PostgreSQL
`lx_bench_search`, dropped and created again), migrations, the small demo city without cases,
then N cases written by the demo-case text generator (realistic Chinese matters, many of them
alike, as in a real city) and indexed: tokenised by rjieba in two processes, bulk-inserted
straight into the case table and the search index (SQLite: FTS5 'rebuild' after the load;
PostgreSQL: COPY, then the GIN index built once). `--reuse` keeps a database already holding
N cases.

Then each two-word query is run `--runs` times through `lianxi.search.service.search` — what
the search page and the API call: candidates, visibility, ranking, the page's documents and
their highlighted snippets — as committee staff (every case of the city), as the public
(published cases only) and as one deputy, sorted by relevance and by date. Prints p50/p95 per
query and overall, and writes bench/results/search-<db>-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/lx_bench_search"
TARGET_P95_MS = 20.0
QUERIES = [
    "电梯 故障",
    "路灯 不亮",
    "停车 收费",
    "垃圾 清运",
    "施工 噪音",
    "加装 电梯",
    "物业费 上涨",
    "道路 积水",
    "居民 反映",  # two words found in most cases: the broadest query there is
    "公租房 轮候",
]
CHUNK = 20_000


# ---------------------------------------------------------------- generating (worker side)


def _make_rows(job: tuple[int, int, int]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Cases and index rows for ids [first, last) — runs in a forked worker process."""
    import random
    from datetime import timedelta

    from lianxi.search import keys
    from lianxi.search.text import token_string

    first, last, seed = job
    gen, ctx, start, span = _STATE["gen"], _STATE["ctx"], _STATE["start"], _STATE["span"]
    gen.rng = random.Random(seed * 1_000_003 + first)  # noqa: S311 - bench data
    rng = gen.rng
    cases: list[tuple[Any, ...]] = []
    docs: list[tuple[Any, ...]] = []
    statuses = ["closed"] * 60 + ["reported"] * 8 + ["in_progress"] * 10 + ["assigned"] * 10
    statuses += ["submitted"] * 7 + ["referred"] * 5
    for pk in range(first, last):
        category = rng.choice(ctx.categories)
        deputy = rng.choice(ctx.deputies)
        community = rng.choice(ctx.deputy_communities[deputy.pk])
        station = ctx.deputy_station[deputy.pk]
        kind, title, content, _issue = gen.compose(category, community)
        status = rng.choice(statuses)
        consent = rng.random() < 0.4
        published = status == "closed" and consent and rng.random() < 0.6
        at = start + timedelta(seconds=span * (pk - 1) / _STATE["n"])
        cases.append(
            (
                pk,
                f"B{pk:011d}",
                "x" * 64,
                kind,
                title,
                content,
                category.pk,
                community.pk,
                "",
                "online",
                "",
                "",
                "",
                False,
                consent,
                deputy.pk,
                station.pk if station else None,
                status,
                "solved" if status == "closed" else "",
                0,
                published,
                0,
                at,
                at if status == "closed" else None,
            )
        )
        extra = [keys.PUBLIC] if published else []
        extra += [keys.deputy_key(deputy.pk)] + ([keys.station_key(station.pk)] if station else [])
        tokens = (token_string(title), token_string(content))
        docs.append((pk, "case", pk, title, content, *tokens, at, keys.compose(at, extra)))
    return cases, docs


_STATE: dict[str, Any] = {}
CASE_COLUMNS = (
    "id, tracking_number, query_code_hash, kind, title, content, category_id, community_id, "
    "address, channel, contact_name, contact_phone, contact_phone_hash, is_anonymous, "
    "consent_to_publish, deputy_id, station_id, status, outcome, reopen_count, is_published, "
    "version, submitted_at, closed_at"
)
DOC_COLUMNS = "id, kind, object_id, title, body, title_tokens, body_tokens, at, keys"


def build(n: int, seed: int) -> None:
    import multiprocessing
    from datetime import timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from lianxi.cases.demo.generate import CaseGenerator
    from lianxi.search import recent

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_city", seed=1, size="small", cases=0, verbosity=0)
    gen = CaseGenerator(seed=seed, count=0)
    ctx = gen.load()
    now = timezone.now()
    _STATE.update(
        gen=gen, ctx=ctx, n=n, start=now - timedelta(days=3 * 365), span=3 * 365 * 86400 - 60
    )
    connections.close_all()
    jobs = [(first, min(first + CHUNK, n + 1), seed) for first in range(1, n + 1, CHUNK)]
    postgres = connection.vendor == "postgresql"
    started = time.monotonic()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("DROP INDEX IF EXISTS search_document_tsv")
            for name in recent.boundaries():
                cursor.execute(f"DROP INDEX IF EXISTS {recent.name(name)}")
        else:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("DROP TRIGGER IF EXISTS search_document_ai")
    ctx_mp = multiprocessing.get_context("fork")
    with (
        ctx_mp.Pool(2) as pool,
        tqdm(total=n, desc=f"生成并写入诉求（{connection.vendor}）", unit="件") as bar,
    ):
        for cases, docs in pool.imap(_make_rows, jobs):
            with transaction.atomic(), connection.cursor() as cursor:
                if postgres:
                    _copy(cursor, "cases_case", CASE_COLUMNS, cases)
                    _copy(cursor, "search_document", DOC_COLUMNS, docs)
                else:
                    marks = ", ".join(["%s"] * len(cases[0]))
                    cursor.executemany(
                        f"INSERT INTO cases_case ({CASE_COLUMNS}) VALUES ({marks})",  # noqa: S608
                        [_sqlite_row(r) for r in cases],
                    )
                    marks = ", ".join(["%s"] * len(docs[0]))
                    cursor.executemany(
                        f"INSERT INTO search_document ({DOC_COLUMNS}) VALUES ({marks})",  # noqa: S608
                        [_sqlite_row(r) for r in docs],
                    )
            bar.update(len(cases))
    loaded = time.monotonic() - started
    started = time.monotonic()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("CREATE INDEX search_document_tsv ON search_document USING gin (tsv)")
            recent.refresh(concurrently=False)
            for table in ("cases_case", "search_document"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [n])
    if not postgres:
        _sqlite_finish()
    else:
        connection.cursor().execute("VACUUM ANALYZE cases_case")
        connection.cursor().execute("VACUUM ANALYZE search_document")
    print(json.dumps({"load_s": round(loaded, 1), "index_s": round(time.monotonic() - started, 1)}))


def _sqlite_finish() -> None:
    import importlib

    from django.db import connection

    migration = importlib.import_module("lianxi.search.migrations.0002_fulltext")
    trigger = next(s for s in migration.SQLITE_UP if "search_document_ai" in s)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        cursor.execute(trigger)
        cursor.execute("ANALYZE")


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    from django.db import connection

    return tuple(
        connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v for v in row
    )


def _copy(cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# ---------------------------------------------------------------- measuring (worker side)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def measure(runs: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from lianxi.accounts.models import User
    from lianxi.search.models import Document
    from lianxi.search.service import Params, search

    committee = User.objects.get(username="committee")
    deputy = User.objects.get(username="deputy")
    who = [("committee", committee, False), ("public", AnonymousUser(), True)]
    who.append(("deputy", deputy, False))
    report: dict[str, Any] = {
        "database": connection.vendor,
        "documents": Document.objects.count(),
        "target_p95_ms": TARGET_P95_MS,
        "queries": [],
    }
    everything: list[float] = []
    by_role: dict[str, list[float]] = {}
    for q in QUERIES:
        for role, user, public in who:
            for sort in ("relevance", "date"):
                params = Params(q=q, kind="case", sort=sort)  # type: ignore[arg-type]
                for _i in range(3):
                    results = search(user, params, public=public)
                times: list[float] = []
                for _i in range(runs):
                    started = time.perf_counter()
                    results = search(user, params, public=public)
                    times.append((time.perf_counter() - started) * 1000)
                everything += times
                by_role.setdefault(role, []).extend(times)
                report["queries"].append(
                    {
                        "query": q,
                        "as": role,
                        "sort": sort,
                        "found": f"{results.total}+" if results.capped else results.total,
                        "p50_ms": round(_percentile(times, 50), 2),
                        "p95_ms": round(_percentile(times, 95), 2),
                    }
                )
    report["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    report["cpus"] = os.cpu_count()
    report["p95_ms_by_role"] = {k: round(_percentile(v, 95), 2) for k, v in by_role.items()}
    report["p95_ms_all"] = round(_percentile(everything, 95), 2)
    report["p50_ms_all"] = round(_percentile(everything, 50), 2)
    print("RESULT " + json.dumps(report, ensure_ascii=False))


# ---------------------------------------------------------------- the driver


def _env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    var_dir = f"/tmp/lx-bench-search-{db}"  # noqa: S108 - a scratch benchmark database
    env |= {"LIANXI_VAR_DIR": var_dir, "LIANXI_ENV": "local"}
    env["DJANGO_SETTINGS_MODULE"] = "lianxi.settings"
    env["PYTHONPATH"] = str(ROOT)
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
    return env


def _existing(env: dict[str, str]) -> int:
    script = (
        "import django; django.setup()\n"
        "from lianxi.search.models import Document\n"
        "try:\n    print(Document.objects.count())\nexcept Exception:\n    print(0)\n"
    )
    done = subprocess.run(  # noqa: S603
        [str(PYTHON), "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    lines = done.stdout.strip().splitlines()
    return int(lines[-1]) if done.returncode == 0 and lines and lines[-1].isdigit() else 0


def _fresh(db: str, env: dict[str, str]) -> None:
    if db == "postgres":
        import_psycopg = (
            "import psycopg\n"
            f"with psycopg.connect({PG_ADMIN_URL!r}, autocommit=True) as c:\n"
            "    c.execute('DROP DATABASE IF EXISTS lx_bench_search WITH (FORCE)')\n"
            "    c.execute('CREATE DATABASE lx_bench_search')\n"
        )
        subprocess.run([str(PYTHON), "-c", import_psycopg], env=env, check=True)  # noqa: S603
    else:
        shutil.rmtree(env["LIANXI_VAR_DIR"], ignore_errors=True)
        Path(env["LIANXI_VAR_DIR"]).mkdir(parents=True)


def run_db(db: str, args: argparse.Namespace) -> dict[str, Any]:
    env = _env(db)
    me = str(Path(__file__).resolve())
    build_info: dict[str, Any] = {"reused": True}
    if not (args.reuse and _existing(env) >= args.cases):
        _fresh(db, env)
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            [str(PYTHON), me, "--worker", "build", "--cases", str(args.cases)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        build_info = json.loads(done.stdout.strip().splitlines()[-1])
        build_info["total_s"] = round(time.monotonic() - started, 1)
    done = subprocess.run(  # noqa: S603
        [str(PYTHON), me, "--worker", "measure", "--runs", str(args.runs)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    report: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    report["build"] = build_info
    return report


def show(report: dict[str, Any]) -> None:
    print(f"\n== {report['database']}: {report['documents']:,} cases indexed ==")
    print(f"{'query':<14}{'as':<11}{'sort':<10}{'found':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for row in report["queries"]:
        print(
            f"{row['query']:<12}{row['as']:<11}{row['sort']:<10}{row['found']!s:>8}"
            f"{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}"
        )
    verdict = "met" if report["p95_ms_all"] <= TARGET_P95_MS else "NOT met"
    print(f"p95 by role: {report['p95_ms_by_role']}")
    print(
        f"machine load during the run (1/5/15 min): {report['load_average_1_5_15']}, cpus {report['cpus']}"
    )
    print(
        f"all queries: p50 {report['p50_ms_all']} ms, p95 {report['p95_ms_all']} ms "
        f"(target p95 ≤ {TARGET_P95_MS} ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a database already built")
    parser.add_argument("--worker", choices=["build", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "build":
        build(args.cases, args.seed)
        return
    if args.worker == "measure":
        measure(args.runs)
        return
    RESULTS.mkdir(exist_ok=True)
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        report = run_db(db, args)
        show(report)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS / f"search-{db}-{stamp}.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
