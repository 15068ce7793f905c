"""What the page and fan-out benches share: Django on a fresh database of their own (SQLite in
a temporary directory, or a PostgreSQL database dropped and made again), and request timing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def psql(sql: str) -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - psql on PATH


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/lx_bench_{name}"


def start_django(
    db: str, var_dir: str, name: str, *, plain_static: bool = True, **extra: str
) -> dict[str, str]:
    """Settings for a bench run (`extra` adds environment variables), a fresh database
    `lx_bench_<name>` on PostgreSQL (db "postgres" or "pg"), migrated. Returns the environment
    it set, for the processes the bench starts (a consumer, a server)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "lianxi.settings",
        "LIANXI_VAR_DIR": str(var_dir),
        "LIANXI_ENV": os.environ.get("LIANXI_ENV", "local"),
        **extra,
    }
    if db in ("postgres", "pg"):
        psql(f"DROP DATABASE IF EXISTS lx_bench_{name} WITH (FORCE)")
        psql(f"CREATE DATABASE lx_bench_{name}")
        env["DATABASE_URL"] = pg_url(name)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if plain_static:  # pages render in process without collectstatic: plain static URLs
        storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": storage}}
    call_command("migrate", verbosity=0)
    return env


def timed(client: Any, url: str, n: int) -> dict[str, float]:
    """p50, p95 and the slowest of `n` GETs of `url`, after five to warm up."""
    for _i in range(5):
        assert client.get(url).status_code == 200, url
    times = []
    for _i in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }
