#!/usr/bin/env python3
"""Worker-kill drill, quality.md row 27: the outbox delivers every committed message at least
once with its effect exactly once, and nothing from a rolled-back transaction.

    .venv/bin/python bench/worker_kill.py [--db sqlite|pg|both] [--kills 10] [--messages 1200]

For each database (each in its own process): a fresh database (SQLite under
/tmp/lx-worker-kill-sqlite, PostgreSQL `lx_worker_kill`), the fake Tencent Cloud SMS endpoint and
an SMTP sink on 127.0.0.1, and the real huey consumer (`manage.py run_huey --workers 2
--worker-type thread`, as scripts/serve.sh runs it) with the real SMS adapter pointed at the fake
and Django's SMTP backend at the sink. Then, at once:

- a producer commits transactions that queue SMS and e-mail through the outbox
  (`lianxi.notifications.outbox.write`, what `notify()` writes through); one in five enqueues and
  then rolls back;
- the consumer is SIGKILLed `--kills` times at random moments while it sends (each kill counts
  the messages it left claimed: killed between commit and send), and started again.

When the producer is done the consumer runs on without kills; the recovery sweep
(`sweep_outbox`) runs as its schedule would once a dead worker's lease is over (the drill's
clock moved past the lease); the consumer sends what the sweep hands it. Then the check:
every committed message sent and at the provider or the sink at least once; at the SMS
provider exactly once per message (it is asked before a resend); at the SMTP sink exactly one
distinct Message-ID per message (a resend keeps it: the receiver's dedupe key); nothing that
was rolled back written, sent or seen. Writes bench/results/worker-kill-<db>-<time>.json,
prints the figures and exits 1 on any loss or double effect.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import psql, start_django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


class Rollback(Exception):
    pass


def setup(db: str, var_dir: Path) -> dict[str, str]:
    """Environment for this process and the consumer; Django set up on it."""
    shutil.rmtree(var_dir, ignore_errors=True)
    Path(var_dir).mkdir(parents=True)
    os.environ.pop("LIANXI_TESTING", None)
    return start_django(
        db, var_dir, "worker_kill", plain_static=False, HUEY_IMMEDIATE="0", LOG_LEVEL="WARNING"
    )


class Consumer:
    """The real huey consumer as a child process, killed with SIGKILL and started again."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = {**os.environ, **env}, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            str(ROOT / ".venv" / "bin" / "python"),
            str(ROOT / "manage.py"),
            "run_huey",
            "--workers",
            "2",
            "--worker-type",
            "thread",
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def produce(batch: int, number: int, rng: random.Random) -> tuple[list[str], bool]:
    """One transaction queueing `batch` messages (SMS and e-mail); rolled back one time in
    five. The dedupe keys, and whether they committed."""
    from django.db import transaction

    from lianxi.notifications.outbox import message, write

    rows, keys = [], []
    for i in range(batch):
        key = f"wk-{number}-{i}"
        keys.append(key)
        text = f"诉求进展通知 {key}"
        if rng.random() < 0.5:
            rows.append(
                message("sms", text, recipient=f"139{rng.randrange(10**8):08d}", dedupe_key=key)
            )
        else:
            rows.append(
                message(
                    "email",
                    text,
                    recipient=f"u{number}x{i}@example.cn",
                    subject=f"通知 {key}",
                    dedupe_key=key,
                )
            )
    roll_back = rng.random() < 0.2
    try:
        with transaction.atomic():
            write(rows, fetch=False)
            if roll_back:
                raise Rollback
    except Rollback:
        return keys, False
    return keys, True


def sweep_after_lease() -> int:
    """The periodic sweep as it runs once a dead worker's lease is over."""
    import time_machine
    from django.utils import timezone

    from lianxi.notifications import delivery
    from lianxi.notifications.tasks import sweep_outbox

    lease = getattr(delivery, "LEASE", timedelta(minutes=5))
    with time_machine.travel(timezone.now() + lease + timedelta(minutes=3), tick=True):
        return int(sweep_outbox.call_local())


def run(db: str, args: argparse.Namespace) -> dict[str, Any]:
    var_dir = Path(f"/tmp/lx-worker-kill-{db}")  # noqa: S108 - the drill's scratch directory
    started = time.perf_counter()
    env = setup(db, var_dir)
    from django.utils import timezone

    from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms
    from lianxi.notifications.models import OutboxMessage, Status
    from lianxi.notifications.tests.smtp_sink import SmtpSink

    fake = FakeTencentSms().start()
    sink = SmtpSink().start()
    env |= {f"SMS_TENCENT_{name}": str(value) for name, value in fake.settings(TIMEOUT=5).items()}
    env |= {
        "SMS_TRANSPORT": "lianxi.notifications.channels.sms.tencent.TencentSmsTransport",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "0",
    }
    # The sweep runs in this process: it asks the same fake provider as the consumer does.
    from django.conf import settings

    settings.SMS_TENCENT = fake.settings(TIMEOUT=5)
    settings.SMS_TRANSPORT = env["SMS_TRANSPORT"]
    setup_s = time.perf_counter() - started
    rng = random.Random(args.seed)  # noqa: S311 - drill data and kill times
    consumer = Consumer(env, var_dir / "huey.log")
    consumer.start()
    committed: list[str] = []
    rolled_back: list[str] = []
    kills: list[dict[str, int]] = []
    batches = max(1, args.messages // args.batch)
    drill_started = time.perf_counter()
    try:
        number, wait_steps = 0, rng.randint(2, 6)
        restarted_at = timezone.now()
        sent_at_start = 0
        # Produce `batches` transactions (more while kills are due); kill the consumer a few
        # steps after it has sent something since it was last started: it dies while sending.
        while number < batches or len(kills) < args.kills:
            if number < batches:
                keys, ok = produce(args.batch, number, rng)
                (committed if ok else rolled_back).extend(keys)
                number += 1
            time.sleep(rng.uniform(0.05, 0.3))
            wait_steps -= 1
            sent = OutboxMessage.objects.filter(status=Status.SENT).count()
            if len(kills) < args.kills and wait_steps <= 0 and sent > sent_at_start:
                consumer.kill()
                # Claimed by the consumer just killed and not recorded as sent.
                claimed = OutboxMessage.objects.filter(
                    status=Status.SENDING, claimed_at__gte=restarted_at
                ).count()
                pending = OutboxMessage.objects.filter(status=Status.PENDING).count()
                kills.append({"left_sending": claimed, "pending": pending})
                print(
                    f"  kill {len(kills):2}/{args.kills}: {claimed} claimed and unsent, "
                    f"{pending} pending, {sent} sent so far",
                    flush=True,
                )
                restarted_at = timezone.now()
                consumer.start()
                sent_at_start = OutboxMessage.objects.filter(status=Status.SENT).count()
                wait_steps = rng.randint(2, 6)
        produced_s = time.perf_counter() - drill_started
        external = OutboxMessage.objects.exclude(channel="inapp")

        def open_rows() -> int:
            return external.filter(status__in=[Status.PENDING, Status.SENDING]).count()

        def settle(limit: float = 600, stalled: float = 20) -> None:
            """Until nothing is left to send, or nothing moved for `stalled` seconds."""
            deadline, last, since = time.perf_counter() + limit, -1, time.perf_counter()
            while time.perf_counter() < deadline:
                left = open_rows()
                if left == 0:
                    return
                if left != last:
                    last, since = left, time.perf_counter()
                elif time.perf_counter() - since > stalled:
                    return
                time.sleep(0.5)

        settle()  # what the running consumer sends by itself
        swept = []
        for _ in range(3):
            if not open_rows():
                break
            # Claims the consumer left are now a dead worker's: stop it (a live worker's
            # claim is never swept, its lease is fresh), sweep as the schedule does once the
            # lease is over, and let the consumer send what the sweep handed back.
            consumer.stop()
            swept.append(sweep_after_lease())
            consumer.start()
            settle()
        delivered_s = time.perf_counter() - drill_started
    finally:
        consumer.stop()
        fake.stop()
        sink.stop()

    rows = {m.dedupe_key: m for m in OutboxMessage.objects.filter(dedupe_key__startswith="wk-")}
    sessions = Counter(fake.sessions())
    message_ids = Counter(str(m["Message-ID"]).strip("<>").split("@")[0] for m in sink.received)
    texts = " ".join(" ".join(s.params) for s in fake.sent) + " ".join(
        str(m.get_body(("plain",)).get_content()) + str(m["Subject"]) for m in sink.received
    )
    seen_keys = set(re.findall(r"wk-\d+-\d+", texts))
    not_sent, missing, sms_twice, mail_absent, sms_absent = [], [], [], [], []
    for key in committed:
        row = rows.get(key)
        if row is None:
            missing.append(key)
            continue
        if row.status != Status.SENT:
            not_sent.append(key)
        ref = f"lianxi-{row.pk}"
        if row.channel == "sms":
            if sessions[ref] == 0:
                sms_absent.append(key)
            elif sessions[ref] > 1:
                sms_twice.append(key)
        elif message_ids[ref] == 0:
            mail_absent.append(key)
    known_refs = {f"lianxi-{m.pk}" for m in rows.values()}
    foreign = [r for r in list(sessions) + list(message_ids) if r not in known_refs]
    rolled_written = [k for k in rolled_back if k in rows]
    rolled_seen = [k for k in rolled_back if k in seen_keys]
    emails = [k for k in committed if k in rows and rows[k].channel == "email"]
    result = {
        "db": db,
        "kills": len(kills),
        "killed_between_commit_and_send": sum(k["left_sending"] for k in kills),
        "kills_that_left_claimed_messages": sum(1 for k in kills if k["left_sending"]),
        "committed": len(committed),
        "committed_sms": len(committed) - len(emails),
        "committed_email": len(emails),
        "rolled_back": len(rolled_back),
        "setup_s": round(setup_s, 1),
        "produce_s": round(produced_s, 1),
        "all_delivered_s": round(delivered_s, 1),
        "sweeps_handed_back": swept,
        "committed_but_not_written": len(missing),
        "committed_but_not_sent": len(not_sent),
        "sms_absent_at_provider": len(sms_absent),
        "sms_sent_twice": len(sms_twice),
        "email_absent_at_sink": len(mail_absent),
        "email_redeliveries_same_message_id": sum(n - 1 for n in message_ids.values() if n > 1),
        "deliveries_of_unknown_rows": len(foreign),
        "rolled_back_but_written": len(rolled_written),
        "rolled_back_but_delivered": len(rolled_seen),
        "by_status": dict(Counter(m.status for m in rows.values())),
        "load_average": os.getloadavg(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    problems = [
        f"{name} = {result[name]}"
        for name in (
            "committed_but_not_written",
            "committed_but_not_sent",
            "sms_absent_at_provider",
            "sms_sent_twice",
            "email_absent_at_sink",
            "deliveries_of_unknown_rows",
            "rolled_back_but_written",
            "rolled_back_but_delivered",
        )
        if result[name]
    ]
    if not kills or not committed:
        problems.append("no kill or nothing committed: the drill proves nothing")
    result["problems"] = problems
    from django.db import connections

    connections.close_all()
    if not args.keep:
        if db == "pg":
            psql("DROP DATABASE IF EXISTS lx_bench_worker_kill WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--messages", type=int, default=1200)
    parser.add_argument("--batch", type=int, default=20, help="messages per transaction")
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--keep", action="store_true", help="keep the database and logs")
    args = parser.parse_args()
    if args.db == "both":  # one Django set-up per process: each database in its own
        codes = [
            subprocess.run(  # noqa: S603 - this script again
                [sys.executable, __file__, *sys.argv[1:], "--db", db], check=False
            ).returncode
            for db in ("sqlite", "pg")
        ]
        return max(codes)
    print(f"[{args.db}] worker-kill drill", flush=True)
    result = run(args.db, args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"worker-kill-{args.db}-{stamp}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"  {result['kills']} kills ({result['killed_between_commit_and_send']} messages "
        f"claimed and unsent when killed); committed {result['committed']} "
        f"({result['committed_sms']} SMS, {result['committed_email']} e-mail), rolled back "
        f"{result['rolled_back']}; not sent {result['committed_but_not_sent']}; SMS twice "
        f"{result['sms_sent_twice']}; e-mail resent with the same Message-ID "
        f"{result['email_redeliveries_same_message_id']}; rolled back but written/delivered "
        f"{result['rolled_back_but_written']}/{result['rolled_back_but_delivered']}; all "
        f"delivered after {result['all_delivered_s']} s; {out.relative_to(ROOT)}"
    )
    for problem in result["problems"]:
        print(f"  FAIL {args.db}: {problem}")
    print("worker-kill drill: " + ("FAILED" if result["problems"] else "passed"))
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
