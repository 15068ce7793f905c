#!/usr/bin/env python3
"""Load held, quality.md row 29 (`make load`): locust headless against `make cluster`, one app
process and one worker SIGKILLed half-way, then the ledger reconciled.

    .venv/bin/python bench/load.py [--users 200] [--minutes 10] [--no-kill]

1. Reads the cluster's environment (var/cluster/lianxi.env: the same database, keys and Redis
   as the running processes) and writes the fixture bench/locustfile.py reads: ids of public
   pages (scraped from the public pages themselves, through nginx), the communities cases are
   filed in, an open consultation, and signed-in sessions made in the cluster's session store
   for citizens (comments), committee staff and deputies (working cases) — as after a real sign-in, so
   the load does not trip the sign-in lockout that every user from 127.0.0.1 would share.
2. Installs locust into its own virtual environment (var/load-venv, bench/requirements-load.txt)
   on first use, so the project's environment keeps its own pins.
3. Runs locust headless (USERS users, spawned over a tenth of the run, for MINUTES), and
   half-way SIGKILLs app process 1 (granian's master and worker) and worker 1 (the huey
   consumer that also schedules periodic tasks); their supervisors start them again, as
   systemd's Restart=always does.
4. Reads locust's statistics (p50/p95/p99 per request type, failures), counts 5xx answers and
   the requests nginx sent to the other app process in its access log, and reconciles the
   ledger in the database: every acknowledged case present with what was sent (its tracking
   number, a hash of its fields, its photo for web filings), none doubled (one case per
   idempotency key or form token, one case per content marker), every acknowledged comment
   present once; and the outbox rows the run queued, waited for until they are sent.

Writes bench/results/load-<db>-<time>.json, prints the table, exits 1 when a pass criterion
is missed (failures, 5xx, a lost or doubled case or comment, p95/p99 of submitting over
800/1500 ms)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
RESULTS = ROOT / "bench" / "results"
LOAD_VENV = ROOT / "var" / "load-venv"
BASE = f"https://127.0.0.1:{os.environ.get('CLUSTER_HTTPS_PORT', '8443')}"
SUBMIT_P95_MS, SUBMIT_P99_MS = 800, 1500
MARKER = re.compile(r"编号([0-9a-f]{12})")


def cluster_env() -> dict[str, str]:
    env_file = CLUSTER / "lianxi.env"
    if not env_file.exists():
        raise SystemExit("no cluster: run `make cluster` first")
    values = {}
    for line in env_file.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def fetch(path: str) -> str:
    context = ssl.create_default_context(cafile=str(CLUSTER / "tls" / "fullchain.pem"))
    with urllib.request.urlopen(BASE + path, context=context, timeout=60) as answer:  # noqa: S310
        return str(answer.read().decode())


def scraped(path: str, pattern: str, limit: int = 60) -> list[str]:
    return list(dict.fromkeys(re.findall(pattern, fetch(path))))[:limit]


def make_fixture(run_dir: Path) -> dict[str, Any]:
    """Inside Django (the cluster's settings): the fixture locust reads."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from lianxi.accounts import second_factor
    from lianxi.accounts.middleware import SESSION_STARTED
    from lianxi.accounts.models import User
    from lianxi.cases.choices import Status
    from lianxi.cases.models import Case
    from lianxi.core.choices import Role
    from lianxi.directory.models import Area
    from lianxi.legislation.models import Consultation, Stage

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")

    def session_for(user: Any) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_STARTED] = time.time()
        if second_factor.required(user):
            session[second_factor.SESSION_KEY] = "totp"
        session.create()
        return str(session.session_key)

    citizens = User.objects.filter(role=Role.CITIZEN, is_active=True).order_by("pk")[:40]
    committee = User.objects.filter(role=Role.COMMITTEE, is_active=True).order_by("pk")[:10]
    # Deputies who have cases assigned to them (so they have something to work on).
    with_cases = list(
        dict.fromkeys(
            Case.objects.filter(status=Status.ASSIGNED, deputy__user__isnull=False)
            .order_by("pk")
            .values_list("deputy__user_id", flat=True)
        )
    )[:10]
    deputies = User.objects.filter(pk__in=with_cases, role=Role.DEPUTY, is_active=True)
    today = timezone.localdate()
    consultation = (
        Consultation.objects.filter(
            stage=Stage.OPEN, opens_on__lte=today, closes_on__gte=today, for_citizens=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    home = fetch("/")
    static = re.search(r'(/static/[^"\']+\.css)', home)
    return {
        "cafile": str(CLUSTER / "tls" / "fullchain.pem"),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "ledger": str(run_dir / "ledger.jsonl"),
        "static": static.group(1) if static else "/static/favicon.svg",
        "stations": [int(i) for i in scraped("/stations/", r'href="/stations/(\d+)/"')],
        "deputies": [int(i) for i in scraped("/deputies/", r'href="/deputies/(\d+)/"')],
        "published": scraped("/published/", r'href="/published/([^/"?]+)/"'),
        "communities": list(
            Area.objects.filter(level=5).order_by("pk").values_list("pk", flat=True)[:200]
        ),
        "open_consultation": consultation,
        "citizens": [session_for(u) for u in citizens],
        "staff": [{"session": session_for(u), "role": u.role} for u in [*committee, *deputies]],
    }


def locust_binary() -> Path:
    binary = LOAD_VENV / "bin" / "locust"
    if not binary.exists():
        print("load: installing locust into var/load-venv (once)")
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - pip of our own venv
            [
                str(LOAD_VENV / "bin" / "pip"),
                "install",
                "-q",
                "--disable-pip-version-check",
                "-r",
                str(ROOT / "bench" / "requirements-load.txt"),
            ],
            check=True,
        )
    return binary


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def cluster(*args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts" / "cluster.sh"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout + done.stderr).strip()


def run_locust(args: argparse.Namespace, fixture_path: Path, run_dir: Path) -> dict[str, Any]:
    seconds = int(args.minutes * 60)
    spawn = max(1.0, args.users / max(10.0, seconds / 10))
    command = [
        str(locust_binary()),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        f"{spawn:.1f}",
        "--run-time",
        f"{seconds}s",
        "--host",
        BASE,
        "--csv",
        str(run_dir / "locust"),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--stop-timeout",
        "30",
    ]
    env = {**os.environ, "LOAD_FIXTURE": str(fixture_path)}
    kills: list[dict[str, Any]] = []
    with (run_dir / "locust.log").open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        started = time.time()
        if not args.no_kill:
            deadline = started + seconds / 2
            while time.time() < deadline and process.poll() is None:
                time.sleep(0.5)
            if process.poll() is None:
                for unit in ("kill-app 1", "kill-worker 1"):
                    kills.append({"at_s": round(time.time() - started, 1), "what": unit})
                    kills[-1]["said"] = cluster(*unit.split())
        try:
            process.wait(seconds + 180)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
            process.wait(60)
    return {"kills": kills, "seconds": round(time.time() - started, 1)}


def read_stats(run_dir: Path) -> list[dict[str, Any]]:
    rows = []
    with (run_dir / "locust_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "type": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                    "rps": round(float(row["Requests/s"] or 0), 2),
                }
            )
    return rows


def read_failures(run_dir: Path) -> list[dict[str, Any]]:
    path = run_dir / "locust_failures.csv"
    if not path.exists():
        return []
    with path.open() as handle:
        return [
            {"name": r["Name"], "error": r["Error"][:300], "count": int(r["Occurrences"])}
            for r in csv.DictReader(handle)
        ]


def nginx_figures(offset: int) -> dict[str, Any]:
    """5xx answers and retries on the other app process, from the run's part of the log."""
    log = CLUSTER / "log" / "nginx-access.log"
    statuses: Counter[str] = Counter()
    retried = 0
    with log.open("rb") as handle:
        handle.seek(offset)
        for raw in handle:
            line = raw.decode(errors="replace")
            found = re.search(r'" (\d{3}) ', line)
            if found:
                statuses[found.group(1)[0] + "xx"] += 1
            upstream = re.search(r"ust=(\S+(?:, \S+)*)", line)
            if upstream and "," in upstream.group(1):
                retried += 1
    return {"answers_by_class": dict(statuses), "retried_on_the_other_process": retried}


def app_log_figures() -> dict[str, int]:
    locked = 0
    for name in ("app1.log", "app2.log"):
        path = CLUSTER / "log" / name
        if path.exists():
            locked += path.read_text(errors="replace").count("database is locked")
    return {"database_is_locked": locked}


def reconcile(ledger_path: Path, since: datetime, wait_outbox: float) -> dict[str, Any]:
    """Inside Django: the ledger against the database."""
    from bench.drill import payload_hash, stored_fields
    from lianxi.cases.models import Attachment, Case, IdempotencyKey
    from lianxi.legislation.models import Comment
    from lianxi.notifications.models import Channel, OutboxMessage

    entries = [json.loads(line) for line in ledger_path.read_text().splitlines() if line.strip()]
    cases = [e for e in entries if e["via"] in {"api", "web"}]
    comments = [e for e in entries if e["via"] == "comment"]
    keys = dict(
        IdempotencyKey.objects.filter(key__in=[e["key"] for e in cases]).values_list(
            "key", "case_id"
        )
    )
    found = {c.pk: c for c in Case.objects.filter(pk__in=[v for v in keys.values() if v])}
    attached = Counter(
        Attachment.objects.filter(case_id__in=list(found)).values_list("case_id", flat=True)
    )
    missing, mismatched, no_photo = [], [], []
    for entry in cases:
        case_id = keys.get(entry["key"])
        if entry["via"] == "api" and case_id != entry["id"]:
            case_id = None
        case = found.get(case_id) if case_id else None
        if case is None:
            missing.append(entry["key"])
            continue
        stored = stored_fields(case, entry["via"])
        if entry["via"] == "api":
            if case.tracking_number != entry["tracking_number"]:
                mismatched.append(entry["key"])
                continue
        if entry["via"] == "web":
            stored = stored[:4]  # kind, title, content, community (bench/locustfile.py)
        if payload_hash(stored) != entry["hash"]:
            mismatched.append(entry["key"])
        if attached[case.pk] != entry.get("attachments", 0):
            no_photo.append(entry["key"])
    run_cases = list(Case.objects.filter(submitted_at__gte=since).values_list("pk", "content"))
    markers = Counter(m.group(1) for _, content in run_cases if (m := MARKER.search(content)))
    doubled_cases = sum(1 for n in markers.values() if n > 1)
    per_key = Counter(
        IdempotencyKey.objects.filter(key__in=[e["key"] for e in cases]).values_list(
            "key", flat=True
        )
    )
    comment_rows = Counter(
        Comment.objects.filter(request_key__in=[e["key"] for e in comments]).values_list(
            "request_key", flat=True
        )
    )
    comment_ids = set(
        Comment.objects.filter(pk__in=[e["id"] for e in comments]).values_list("pk", flat=True)
    )
    # The outbox rows the run queued (texts and e-mails): a killed worker's jobs are picked up
    # again by the sweep; wait a while for the queue to drain.
    # Rows held for the recipient's quiet hours (not_before later) are not due yet.
    from django.db.models import Q
    from django.utils import timezone

    queued = OutboxMessage.objects.filter(created_at__gte=since).exclude(channel=Channel.INAPP)
    due = Q(not_before__isnull=True) | Q(not_before__lte=timezone.now())
    deadline = time.time() + wait_outbox
    while time.time() < deadline and queued.filter(due, status="pending").exists():
        time.sleep(2)
    by_status = Counter(queued.filter(due).values_list("status", flat=True))
    by_status["held for quiet hours"] = queued.exclude(due).count()
    return {
        "acknowledged_cases": len(cases),
        "acknowledged_api": sum(e["via"] == "api" for e in cases),
        "acknowledged_web": sum(e["via"] == "web" for e in cases),
        "acknowledged_comments": len(comments),
        "acknowledged_but_missing": len(missing),
        "hash_or_tracking_mismatches": len(mismatched),
        "web_filings_without_their_photo": len(no_photo),
        "cases_filed_during_the_run": len(run_cases),
        "cases_doubled": doubled_cases,
        "keys_with_two_rows": sum(1 for n in per_key.values() if n > 1),
        "comments_missing": sum(1 for e in comments if e["id"] not in comment_ids),
        "comments_doubled": sum(1 for n in comment_rows.values() if n > 1),
        "outbox_of_the_run": dict(by_status),
        "examples": {"missing": missing[:5], "mismatched": mismatched[:5]},
    }


def judge(stats: list[dict[str, Any]], nginx: dict[str, Any], ledger: dict[str, Any]) -> list[str]:
    problems = []
    total = next((s for s in stats if s["name"] == "Aggregated"), None)
    if total is None or total["requests"] == 0:
        problems.append("no request was made")
    elif total["failures"]:
        problems.append(f"{total['failures']} failed requests")
    if nginx["answers_by_class"].get("5xx"):
        problems.append(f"{nginx['answers_by_class']['5xx']} answers 5xx at nginx")
    for name in (
        "acknowledged_but_missing",
        "hash_or_tracking_mismatches",
        "web_filings_without_their_photo",
        "cases_doubled",
        "keys_with_two_rows",
        "comments_missing",
        "comments_doubled",
    ):
        if ledger[name]:
            problems.append(f"{name} = {ledger[name]}")
    if not ledger["acknowledged_cases"]:
        problems.append("no case was acknowledged: the run proves nothing")
    for row in stats:
        if row["name"].startswith("submit: case"):
            if row["p95_ms"] > SUBMIT_P95_MS or row["p99_ms"] > SUBMIT_P99_MS:
                problems.append(
                    f"{row['name']}: p95 {row['p95_ms']:.0f} ms / p99 {row['p99_ms']:.0f} ms "
                    f"over {SUBMIT_P95_MS}/{SUBMIT_P99_MS}"
                )
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--no-kill", action="store_true", help="no SIGKILL half-way")
    parser.add_argument(
        "--wait-outbox", type=float, default=60, help="seconds to wait for queued texts"
    )
    args = parser.parse_args()

    os.environ.update(cluster_env())
    sys.path.insert(0, str(ROOT))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = CLUSTER / "load" / stamp
    run_dir.mkdir(parents=True)
    db = "sqlite" if os.environ["DATABASE_URL"].startswith("sqlite") else "postgresql"
    fixture = make_fixture(run_dir)
    fixture_path = run_dir / "fixture.json"
    fixture_path.write_text(json.dumps(fixture, ensure_ascii=False))
    (run_dir / "ledger.jsonl").touch()
    print(
        f"load: {args.users} users for {args.minutes:g} min against {BASE} ({db}); "
        f"{len(fixture['citizens'])} citizen and {len(fixture['staff'])} staff sessions, "
        f"open consultation {fixture['open_consultation']}; run files in {run_dir}"
    )
    load_before = loadavg()
    offset = (CLUSTER / "log" / "nginx-access.log").stat().st_size
    since = datetime.now(UTC)
    ran = run_locust(args, fixture_path, run_dir)
    load_after = loadavg()
    stats = read_stats(run_dir)
    nginx = nginx_figures(offset)
    ledger = reconcile(run_dir / "ledger.jsonl", since, args.wait_outbox)
    problems = judge(stats, nginx, ledger)
    result = {
        "when": stamp,
        "database": db,
        "users": args.users,
        "minutes": args.minutes,
        "ran_seconds": ran["seconds"],
        "kills": ran["kills"],
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpus": os.cpu_count(),
        "requests": stats,
        "failures": read_failures(run_dir),
        "nginx": nginx,
        "app_logs": app_log_figures(),
        "ledger": ledger,
        "targets": {"submit_p95_ms": SUBMIT_P95_MS, "submit_p99_ms": SUBMIT_P99_MS},
        "problems": problems,
        "passed": not problems,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{db}-{stamp}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))

    print(f"\n{'request type':<44}{'count':>7}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'rps':>7}")
    for row in stats:
        print(
            f"{row['name'][:43]:<44}{row['requests']:>7}{row['failures']:>6}"
            f"{row['p50_ms']:>7.0f}{row['p95_ms']:>7.0f}{row['p99_ms']:>7.0f}{row['rps']:>7}"
        )
    print(f"\nkills: {', '.join(k['what'] + ' at ' + str(k['at_s']) + ' s' for k in ran['kills'])}")
    print(
        f"nginx answers: {nginx['answers_by_class']}, retried on the other app process: "
        f"{nginx['retried_on_the_other_process']}"
    )
    print(
        f"ledger: {json.dumps({k: v for k, v in ledger.items() if k != 'examples'}, ensure_ascii=False)}"
    )
    print(f"load average before {load_before}, after {load_after} ({os.cpu_count()} CPUs)")
    print(f"results: {out}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        raise SystemExit(1)
    print("passed: 0 failures, 0 5xx, every acknowledged case and comment present once")


if __name__ == "__main__":
    main()
