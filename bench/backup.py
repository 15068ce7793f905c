#!/usr/bin/env python3
"""Back up and restore N cases (quality.md test 28), on SQLite and PostgreSQL.

    .venv/bin/python bench/backup.py [--db sqlite|postgres|both] [--cases 1000000] [--reuse]

For each database: a fresh database (SQLite under /tmp/lx-backup-bench-sqlite, PostgreSQL
`lx_bench_backup`) with the city and the N cases of `bench/stats.py` (its generator: 1,000
communities, 3,000 deputies, every workflow state, referrals and ratings); `--reuse` keeps a
database that already holds N cases. Then, each as its own process, as an operator runs them:

1. `manage.py backup --output FILE` (SQLite online backup API, or `pg_dump -Fc` on one
   snapshot; the manifest's per-table counts and checksums; AES-256-GCM encryption), timed;
2. `manage.py restore FILE --to URL` into a fresh database (a new SQLite file, or PostgreSQL
   `lx_bench_backup_restored`): decrypt, restore, recompute and compare the manifest, timed.

Writes bench/results/backup-<db>-<timestamp>.json with both times, the file's size, the
database's size and the row counts, and prints it. The restored database is dropped at the end.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import secrets
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_DB = "lx_bench_backup"
PG_RESTORED = "lx_bench_backup_restored"
PG_BASE = "postgres://postgres@127.0.0.1:5432/"


def load(db: str, n: int, var_dir: str, reuse: bool) -> dict[str, Any]:
    """The database with N cases, made by bench/stats.py's generator (kept between runs)."""
    sys.path.insert(0, str(ROOT))
    from bench import stats

    stats.PG_DB, stats.PG_URL = PG_DB, PG_BASE + PG_DB
    rng = random.Random(11)  # noqa: S311 - generated bench data
    stats.setup(db, var_dir, reuse=reuse)
    from lianxi.cases.models import Case

    existing = Case.objects.count()
    if reuse and existing == n:
        return {"insert_s": None, "reused": True}
    if existing:
        raise SystemExit(f"{existing:,} cases in the kept database: run without --reuse")
    world = stats.make_city(rng)
    return stats.make_cases(n, world, rng)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout + done.stderr


def run(db: str, n: int, reuse: bool) -> dict[str, Any]:
    var_dir = f"/tmp/lx-backup-bench-{db}"  # noqa: S108 - the bench's own scratch directory
    loaded = load(db, n, var_dir, reuse)
    from django.db import connection

    from lianxi.cases.models import Case, Rating, Referral

    counts = {
        "cases": Case.objects.count(),
        "referrals": Referral.objects.count(),
        "ratings": Rating.objects.count(),
    }
    with connection.cursor() as cursor:
        if db == "postgres":
            cursor.execute("SELECT pg_database_size(current_database())")
            db_bytes = cursor.fetchone()[0]
        else:
            db_bytes = Path(var_dir, "lianxi.sqlite3").stat().st_size
    connection.close()

    env = dict(os.environ)
    env["LIANXI_BACKUP_KEY"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    env.pop("LIANXI_TESTING", None)
    from bench.stats import psql

    python, manage = sys.executable, str(ROOT / "manage.py")
    archive = Path(var_dir, "backup.lxbk")
    archive.unlink(missing_ok=True)
    backup_s, backup_out = timed([python, manage, "backup", "--output", str(archive)], env)

    if db == "postgres":
        restored_url = PG_BASE + PG_RESTORED
        for sql in (f"DROP DATABASE IF EXISTS {PG_RESTORED}", f"CREATE DATABASE {PG_RESTORED}"):
            psql(sql)
    else:
        restored = Path(var_dir, "restored.sqlite3")
        restored.unlink(missing_ok=True)
        restored_url = f"sqlite:///{restored}"
    restore_s, restore_out = timed(
        [
            python,
            manage,
            "restore",
            str(archive),
            "--to",
            restored_url,
            "--media-root",
            str(Path(var_dir, "restored-media")),
        ],
        env,
    )
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_RESTORED}")
    else:
        Path(var_dir, "restored.sqlite3").unlink(missing_ok=True)
    return {
        "db": db,
        "cases": n,
        "rows": counts,
        "loaded": loaded,
        "database_mb": round(db_bytes / 2**20, 1),
        "backup_file_mb": round(archive.stat().st_size / 2**20, 1),
        "backup_s": round(backup_s, 1),
        "restore_s": round(restore_s, 1),
        "backup_output": backup_out.strip().splitlines()[-3:],
        "restore_output": restore_out.strip().splitlines()[-3:],
        "load_average": os.getloadavg(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep a database holding N cases")
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        if len(dbs) > 1:  # a fresh process per database (Django is set up once per process)
            command = [sys.executable, __file__, "--db", db, "--cases", str(args.cases)]
            command += ["--reuse"] if args.reuse else []
            subprocess.run(command, check=True)  # noqa: S603 - our own interpreter and script
            continue
        result = run(db, args.cases, args.reuse)
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = RESULTS / f"backup-{db}-{args.cases}-{stamp}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
