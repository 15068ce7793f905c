#!/usr/bin/env python3
"""A notice to 3,000 deputies: the fan-out in the request, then delivery by the worker to the
fake SMS provider and a local SMTP sink (issue 26: fan-out ≤ 2 s of request time; delivery
≥ 200 messages/s; delivery lag p95 reported).

    .venv/bin/python bench/notify.py [--db sqlite|postgres|both] [--deputies 3000]
                                     [--workers 4] [--consumers 1] [--keep]

For each database: a fresh database (SQLite under /tmp/lx-notify-bench-sqlite, PostgreSQL
`lx_bench_notify`, dropped and created again), migrations, and N deputy accounts, each with a
mobile number and an e-mail address and quiet hours off (so the run does not depend on the
hour). Then, in this process:

1. the fake Tencent Cloud SMS endpoint (`channels/sms/fake_tencent.py`, checking each
   request's signature) and an aiosmtpd SMTP sink, both on 127.0.0.1;
2. the real huey consumer (`manage.py run_huey --workers W --worker-type thread`, as
   scripts/serve.sh runs it) with the real adapter (the Tencent SDK) pointed at the fake and
   Django's SMTP backend pointed at the sink; it starts idle;
3. the fan-out, timed as a request pays it: one transaction that calls `notify()` for every
   deputy (in-app, SMS and e-mail rows, with each person's preferences read in bulk) and
   commits, which puts the delivery jobs on the queue;
4. the worker's delivery, timed from that commit until the last external message is sent,
   waiting at most 300 s; messages per second over SMS + e-mail; the delivery lag (written →
   accepted by the provider) p50 / p95 / max; duplicates at the provider and the sink (each
   message's reference must arrive exactly once).

Writes bench/results/notify-<db>-<timestamp>.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import psql, start_django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_FANOUT_S = 2.0
TARGET_RATE = 200.0
WAIT_S = 300


def setup(db: str, var_dir: str) -> dict[str, str]:
    """Environment for this process and the consumer; Django set up on it."""
    shutil.rmtree(var_dir, ignore_errors=True)
    Path(var_dir).mkdir(parents=True)
    return start_django(
        db, var_dir, "notify", plain_static=False, HUEY_IMMEDIATE="0", LOG_LEVEL="WARNING"
    )


def make_deputies(n: int) -> list[Any]:
    from lianxi.accounts.models import User
    from lianxi.core.choices import Role
    from lianxi.notifications.models import Settings

    users = [
        User(
            username=f"deputy{i:05d}",
            role=Role.DEPUTY,
            display_name=f"代表{i:05d}",
            phone=f"139{i:08d}",
            email=f"deputy{i:05d}@example.cn",
            password="!",  # noqa: S106 - an unusable password
        )
        for i in range(n)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(role=Role.DEPUTY).order_by("pk"))
    Settings.objects.bulk_create([Settings(user=u, quiet_hours=False) for u in users])
    return users


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_consumer(
    env: dict[str, str], workers: int, log: Path, periodic: bool = True
) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "python"),
        str(ROOT / "manage.py"),
        "run_huey",
        "--workers",
        str(workers),
        "--worker-type",
        "thread",
        *([] if periodic else ["--no-periodic"]),
    ]
    out = log.open("wb")
    return subprocess.Popen(  # noqa: S603 - fixed command
        command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
    )


def run(db: str, deputies: int, workers: int, consumers: int, keep: bool) -> dict[str, Any]:
    var_dir = f"/tmp/lx-notify-bench-{db}"  # noqa: S108 - the bench's own scratch directory
    env = setup(db, var_dir)
    from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
    from lianxi.notifications.tests.smtp_sink import SmtpSink

    fake = FakeTencentSms().start()
    sink = SmtpSink().start()
    conf = fake.settings(TIMEOUT=5)
    env |= {f"SMS_TENCENT_{name}": str(value) for name, value in conf.items()}
    env |= {
        "SMS_TRANSPORT": "lianxi.notifications.channels.sms.tencent.TencentSmsTransport",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "0",
    }
    users = make_deputies(deputies)
    # Several consumers on one queue, as a deployment runs them (docs/deploy.md): each its
    # own process, so delivery is not bound to one interpreter's lock.
    pool = [
        start_consumer(env, workers, Path(var_dir) / f"huey-{n}.log", periodic=n == 0)
        for n in range(consumers)
    ]
    try:
        time.sleep(3)  # the consumer is up and idle
        from django.db import transaction

        from lianxi.notifications.models import OutboxMessage, Status
        from lianxi.notifications.report import percentile
        from lianxi.notifications.send import notify

        started, cpu = time.perf_counter(), time.process_time()
        worker_cpu = sum(cpu_seconds(c.pid) for c in pool)
        with transaction.atomic():
            in_transaction = time.perf_counter()
            written = notify(
                users,
                kind="committee.publish_notice",
                family="committee",
                text="【通知】关于召开市人大常委会第十二次会议代表列席工作的通知已发布，请登录平台查看并回复。",
                subject="市人大常委会通知",
                key="bench-notice-1",
                url="/work/committee/notices/1/",
            )
            in_transaction = time.perf_counter() - in_transaction
        fanout = time.perf_counter() - started
        fanout_cpu = time.process_time() - cpu
        committed = time.time()
        external = OutboxMessage.objects.exclude(channel="inapp")
        total = external.count()
        deadline = time.perf_counter() + WAIT_S
        while time.perf_counter() < deadline:
            if not external.filter(status__in=[Status.PENDING, Status.SENDING]).exists():
                break
            time.sleep(0.2)
        worker_cpu = sum(cpu_seconds(c.pid) for c in pool) - worker_cpu
        rows = list(external.values_list("channel", "status", "created_at", "sent_at"))
        sent_rows = [r for r in rows if r[1] == Status.SENT and r[3] is not None]
        last = max((r[3] for r in sent_rows), default=None)
        elapsed = (last.timestamp() - committed) if last else float("nan")
        lags = [(r[3] - r[2]).total_seconds() for r in sent_rows]
        sessions = Counter(fake.sessions())
        message_ids = Counter(str(m["Message-ID"]) for m in sink.received)
        result = {
            "db": db,
            "deputies": deputies,
            "workers": workers,
            "consumers": consumers,
            "rows_written": written,
            "in_app": OutboxMessage.objects.filter(channel="inapp").count(),
            "external": total,
            "fanout_s": round(fanout, 3),
            "fanout_notify_s": round(in_transaction, 3),
            "fanout_cpu_s": round(fanout_cpu, 3),
            "fanout_target_s": TARGET_FANOUT_S,
            "sent": len(sent_rows),
            "by_status": dict(Counter(r[1] for r in rows)),
            "delivery_s": round(elapsed, 3),
            "rate_per_s": round(len(sent_rows) / elapsed, 1) if last else 0.0,
            "rate_target_per_s": TARGET_RATE,
            "worker_cpu_s": round(worker_cpu, 2),
            "rate_per_worker_cpu_s": round(len(sent_rows) / worker_cpu, 1) if worker_cpu else 0.0,
            "lag_p50_s": round(percentile(lags, 0.5) or 0, 3),
            "lag_p95_s": round(percentile(lags, 0.95) or 0, 3),
            "lag_max_s": round(max(lags, default=0), 3),
            "provider_received": sum(sessions.values()),
            "provider_duplicates": sum(n - 1 for n in sessions.values() if n > 1),
            "sink_received": sum(message_ids.values()),
            "sink_duplicates": sum(n - 1 for n in message_ids.values() if n > 1),
            "load_average": os.getloadavg(),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    finally:
        for consumer in pool:
            consumer.terminate()
        for consumer in pool:
            consumer.wait(30)
        fake.stop()
        sink.stop()
        from django.db import connections

        connections.close_all()
        if not keep:
            if db == "postgres":
                psql("DROP DATABASE IF EXISTS lx_bench_notify WITH (FORCE)")
            shutil.rmtree(var_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--deputies", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--consumers", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if len(dbs) > 1:  # one Django set-up per process: run each database in its own
        for db in dbs:
            subprocess.run([sys.executable, __file__, "--db", db, *sys.argv[3:]], check=True)  # noqa: S603
        return
    result = run(dbs[0], args.deputies, args.workers, args.consumers, args.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"notify-{dbs[0]}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok_fanout = result["fanout_s"] <= TARGET_FANOUT_S
    ok_rate = result["rate_per_s"] >= TARGET_RATE
    print(
        f"fan-out {result['fanout_s']} s, CPU {result['fanout_cpu_s']} s "
        f"(≤ {TARGET_FANOUT_S}: {'met' if ok_fanout else 'MISSED'}); "
        f"delivery {result['rate_per_s']}/s, {result['rate_per_worker_cpu_s']} per worker CPU-s "
        f"(≥ {TARGET_RATE:.0f}: {'met' if ok_rate else 'MISSED'}); "
        f"lag p95 {result['lag_p95_s']} s; duplicates {result['provider_duplicates']} + "
        f"{result['sink_duplicates']}; written to {path.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
