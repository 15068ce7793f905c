#!/usr/bin/env python3
"""Intake throughput: `POST /api/v1/cases` against a bare view that inserts one row, on the same
granian server (WSGI, 2 workers), side by side in one run, on SQLite and/or PostgreSQL.

    python bench/intake.py [--db sqlite|postgres|both] [--seconds 20] [--connections 32]

For each database: a fresh database (SQLite under /tmp/lx-bench-…, PostgreSQL `lx_bench`,
dropped and recreated), migrations, the small demo city without cases, realistic request
bodies made by the demo-case text generator, then granian with bench/settings_bench.py, a
warm-up and a timed run of each endpoint with keep-alive connections. Prints a table and
writes bench/results/intake-<db>-<timestamp>.json. Stops by itself; stops granian at the end.
Standard library only on the client side (the server runs in the project's .venv).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/lx_bench"
BARE_PATH = "/bench/insert-one/"
INTAKE_PATH = "/api/v1/cases"
# quality.md, "Performance: how it is measured".
TARGETS = {
    "ratio_min": 0.5,
    "p99_ms_max": 100.0,
    "connections": 32,
    "errors": 0,
    "database_is_locked": 0,
}

SETUP = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("demo_city", seed=1, size="small", cases=0, verbosity=0)
from bench.urls_bench import ensure_table
ensure_table()
from lianxi.cases.demo.generate import CaseGenerator
gen = CaseGenerator(seed=1, count=0)
ctx = gen.load()
bodies = []
for i in range(int(sys.argv[2])):
    category = gen.rng.choice(ctx.categories)
    deputy = gen.rng.choice(ctx.deputies)
    community = gen.rng.choice(ctx.deputy_communities[deputy.pk])
    kind, title, content, _issue = gen.compose(category, community)
    body = {"kind": kind, "title": title, "content": content, "community_id": community.pk,
            "address": community.full_name, "consent_to_publish": gen.rng.random() < 0.4}
    if gen.rng.random() < 0.8:
        body |= {"contact_name": gen.person_name(), "contact_phone": gen.mobile()}
    else:
        body["anonymous"] = True
    bodies.append(body)
with open(sys.argv[1], "w") as out:
    json.dump(bodies, out, ensure_ascii=False)
"""

COUNT_ROWS = r"""
import django
django.setup()
from django.db import connection
from lianxi.cases.models import Case
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM bench_row")
    rows = cursor.fetchone()[0]
print(rows, Case.objects.count())
"""


# ---------------------------------------------------------------- the client


def _client(job: dict[str, Any]) -> dict[str, Any]:
    """One client process: `threads` keep-alive connections, each posting in a loop from
    `start` for `seconds`. Returns latencies (ms) of answers, status counts, error counts."""
    bodies = [json.dumps(b, ensure_ascii=False).encode() for b in job["bodies"]]
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    problems: Counter[str] = Counter()
    lock = threading.Lock()

    def run(offset: int) -> None:
        mine: list[float] = []
        seen: Counter[int] = Counter()
        bad: Counter[str] = Counter()
        conn = http.client.HTTPConnection(job["host"], job["port"], timeout=30)
        i = offset
        while time.time() < job["start"]:
            time.sleep(0.001)
        end = job["start"] + job["seconds"]
        while time.time() < end:
            body = bodies[i % len(bodies)]
            i += job["stride"]
            headers = {"Content-Type": "application/json"}
            if job["idempotency"]:
                headers["Idempotency-Key"] = uuid.uuid4().hex
            started = time.perf_counter()
            try:
                conn.request("POST", job["path"], body, headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                bad[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(job["host"], job["port"], timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            seen[response.status] += 1
            if response.status != 201:
                bad[f"HTTP {response.status}"] += 1
            elif any(key not in data for key in job["expect_keys"]):
                bad["201 without the expected fields"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)
            problems.update(bad)

    threads = [
        threading.Thread(target=run, args=(job["first"] + k * job["procs"],))
        for k in range(job["threads"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "statuses": dict(statuses), "problems": dict(problems)}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def load(
    port: int,
    path: str,
    bodies: list[dict[str, Any]],
    seconds: float,
    connections: int,
    expect_keys: list[str],
    idempotency: bool,
) -> dict[str, Any]:
    """Drive `path` with `connections` keep-alive connections spread over client processes."""
    procs = max(1, min(2, connections))
    start = time.time() + 1.0  # all connections start together
    jobs = []
    for p in range(procs):
        threads = connections // procs + (1 if p < connections % procs else 0)
        jobs.append(
            {
                "host": "127.0.0.1",
                "port": port,
                "path": path,
                "bodies": bodies,
                "seconds": seconds,
                "start": start,
                "threads": threads,
                "first": p,
                "procs": procs,
                "stride": connections,
                "expect_keys": [k.encode() for k in expect_keys],
                "idempotency": idempotency,
            }
        )
    with ProcessPoolExecutor(max_workers=procs) as pool:
        parts = list(pool.map(_client, jobs))
    latencies = [x for part in parts for x in part["latencies"]]
    statuses: Counter[int] = Counter()
    problems: Counter[str] = Counter()
    for part in parts:
        statuses.update(part["statuses"])
        problems.update(part["problems"])
    ok = statuses.get(201, 0)
    return {
        "path": path,
        "seconds": seconds,
        "connections": connections,
        "requests": len(latencies),
        "created_201": ok,
        "rps": round(ok / seconds, 1),
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "p99_ms": round(_percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "errors": sum(problems.values()),
        "error_kinds": dict(problems),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [str(PYTHON), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"step failed: {' '.join(args)[:80]}")
    return done.stdout


def _fresh_postgres(env: dict[str, str]) -> None:
    script = (
        "import psycopg\n"
        f"with psycopg.connect({PG_ADMIN_URL!r}, autocommit=True) as c:\n"
        "    c.execute('DROP DATABASE IF EXISTS lx_bench WITH (FORCE)')\n"
        "    c.execute('CREATE DATABASE lx_bench')\n"
    )
    _run(env, "-c", script, timeout=60)


def _wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit("granian exited during start-up (see its log)")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("granian did not answer /healthz in time")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def bench_one(db: str, args: argparse.Namespace, stamp: str) -> dict[str, Any]:
    var_dir = Path(f"/tmp/lx-bench-{db}-{stamp}")  # noqa: S108 - a throw-away bench database
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env |= {
        "LIANXI_VAR_DIR": str(var_dir),
        "LIANXI_ENV": "local",
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        # One client files every case here: the intake limits would stop it at once.
        "INTAKE_PER_CLIENT_PER_HOUR": "0",
        "INTAKE_PER_PHONE_PER_HOUR": "0",
    }
    if args.huey_redis:
        env["HUEY_REDIS_URL"] = args.huey_redis
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
        print("  fresh PostgreSQL database lx_bench", flush=True)
        _fresh_postgres(env)
    print(f"  migrate and build the small demo city in {var_dir}", flush=True)
    bodies_file = var_dir / "bodies.json"
    _run(env, "-c", SETUP, str(bodies_file), str(args.bodies))
    bodies = json.loads(bodies_file.read_text())

    port = args.port or _free_port()
    log_path = var_dir / "granian.log"
    command = [
        str(GRANIAN),
        "--interface",
        "wsgi",
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--no-ws",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "lianxi.wsgi:application",
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed command
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "intake": []}
    warm_201 = {"bare": 0, "intake": 0}
    try:
        _wait_ready(port, server)
        plan = [
            ("bare", BARE_PATH, ["id"]),
            ("intake", INTAKE_PATH, ["id", "tracking_number", "query_code"]),
        ]
        for round_ in range(args.rounds):
            order = plan if round_ % 2 == 0 else plan[::-1]
            for name, path, keys in order:
                print(f"  {name}: warm-up {args.warmup}s, then {args.seconds}s", flush=True)
                warm = load(
                    port, path, bodies, args.warmup, args.connections, keys, args.idempotency
                )
                warm_201[name] += warm["created_201"]
                result = load(
                    port, path, bodies, args.seconds, args.connections, keys, args.idempotency
                )
                runs[name].append(result)
                print(
                    f"    {result['rps']:8.1f} rps  p50 {result['p50_ms']} ms  "
                    f"p99 {result['p99_ms']} ms  errors {result['errors']}",
                    flush=True,
                )
    finally:
        _stop(server)
    log_text = log_path.read_text(errors="replace")
    locked = log_text.count("database is locked")
    rows, cases = (int(x) for x in _run(env, "-c", COUNT_ROWS).split())
    acknowledged = {
        name: warm_201[name] + sum(r["created_201"] for r in runs[name]) for name in runs
    }
    return summarise(db, args, runs, locked, rows, cases, acknowledged, log_path)


def summarise(
    db: str,
    args: argparse.Namespace,
    runs: dict[str, list[dict[str, Any]]],
    locked: int,
    rows: int,
    cases: int,
    acknowledged: dict[str, int],
    log_path: Path,
) -> dict[str, Any]:
    def median(name: str, key: str) -> float:
        return round(statistics.median(r[key] for r in runs[name]), 1)

    bare_rps, intake_rps = median("bare", "rps"), median("intake", "rps")
    ratio = round(intake_rps / bare_rps, 3) if bare_rps else 0.0
    p99 = median("intake", "p99_ms")
    errors = sum(r["errors"] for name in runs for r in runs[name])
    meets = {
        "ratio": ratio >= TARGETS["ratio_min"],
        "p99": p99 <= TARGETS["p99_ms_max"],
        "errors": errors == 0,
        "database_is_locked": locked == 0,
    }
    return {
        "db": db,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "connections": args.connections,
            "rounds": args.rounds,
            "granian_workers": args.workers,
            "granian_blocking_threads": args.threads,
            "huey_storage": "redis" if args.huey_redis else "sqlite",
            "idempotency_key_per_request": args.idempotency,
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
        },
        "bare_insert_one": {
            "rps": bare_rps,
            "p99_ms": median("bare", "p99_ms"),
            "runs": runs["bare"],
        },
        "api_intake": {
            "rps": intake_rps,
            "p50_ms": median("intake", "p50_ms"),
            "p95_ms": median("intake", "p95_ms"),
            "p99_ms": p99,
            "runs": runs["intake"],
        },
        "ratio_intake_to_bare": ratio,
        "errors": errors,
        "database_is_locked": locked,
        # Every 201 must be in the database (warm-ups included): acknowledged-but-missing 0.
        "ledger": {
            "intake_201": acknowledged["intake"],
            "cases_in_database": cases,
            "bare_201": acknowledged["bare"],
            "bench_rows_in_database": rows,
            "acknowledged_but_missing": max(0, acknowledged["intake"] - cases)
            + max(0, acknowledged["bare"] - rows),
        },
        "targets": TARGETS,
        "meets_targets": meets,
        "server_log": str(log_path),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1, help="alternate bare/intake N times")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="granian blocking threads")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bodies", type=int, default=2000, help="distinct request bodies")
    parser.add_argument(
        "--huey-redis",
        default="redis://127.0.0.1:6379/15",
        help="queue the intake's SMS on huey's Redis storage, as a deployment at scale does "
        "(empty: the default SQLite storage)",
    )
    parser.add_argument(
        "--no-idempotency-key",
        dest="idempotency",
        action="store_false",
        help="do not send an Idempotency-Key header with each intake (the API answers 400: "
        "measures the refusal)",
    )
    args = parser.parse_args()
    if not GRANIAN.exists() or not PYTHON.exists():
        print("run `make install` first (.venv with granian)", file=sys.stderr)
        return 2
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    summaries = []
    for db in dbs:
        print(f"[{db}]", flush=True)
        summary = bench_one(db, args, stamp)
        out = RESULTS / f"intake-{db}-{stamp}.json"
        out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        summaries.append(summary)
        print(f"  wrote {out.relative_to(ROOT)}", flush=True)
    print()
    print(
        f"targets: intake/bare ≥ {TARGETS['ratio_min']}, p99 ≤ {TARGETS['p99_ms_max']:.0f} ms "
        f"at {TARGETS['connections']} connections, 0 errors, 0 'database is locked'"
    )
    header = (
        f"{'db':9} {'bare rps':>9} {'intake rps':>11} {'ratio':>6} {'p50':>7} {'p95':>7} "
        f"{'p99':>7} {'errors':>7} {'locked':>7}  meets"
    )
    print(header)
    for s in summaries:
        a = s["api_intake"]
        met = ", ".join(k for k, v in s["meets_targets"].items() if v) or "-"
        missed = ", ".join(k for k, v in s["meets_targets"].items() if not v)
        print(
            f"{s['db']:9} {s['bare_insert_one']['rps']:9.1f} {a['rps']:11.1f} "
            f"{s['ratio_intake_to_bare']:6.2f} {a['p50_ms']:7.1f} {a['p95_ms']:7.1f} "
            f"{a['p99_ms']:7.1f} {s['errors']:7d} {s['database_is_locked']:7d}  "
            f"{met}{'; misses ' + missed if missed else ''}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
