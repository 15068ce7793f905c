#!/usr/bin/env python3
"""Crash drill, quality.md row 26: kill -9 during intake loses no acknowledged case.

    .venv/bin/python bench/crash.py [--db sqlite|pg|both] [--kills 20] [--clients 6]
                                    [--kill server|postgres] [--database-url URL]

For each database: a fresh one (SQLite under /tmp/lx-crash-sqlite, PostgreSQL `lx_crash` on
127.0.0.1:5432) with the small demo city, the real server (granian, 2 workers, as
scripts/serve.sh runs it) and N clients that file cases without pause through the API (with an
`Idempotency-Key`) and the web form (its one-time token and a small PNG), each keeping a ledger
of what was acknowledged (201 or the form's redirect: the key, the id, a hash of what was sent).
A request that got no answer is sent again with the same key, as a real client does.

`--kill server` (the default): once the (re)started server has acknowledged a filing, wait a
random `--gap` of seconds, then SIGKILL the server's master and workers at once, start it again, go on. `--kill postgres`: SIGKILL PostgreSQL's
postmaster instead and start the cluster again; only on a cluster the drill made itself
(initdb under /tmp, a free port), never on a server it did not start: without `initdb` and
`pg_ctl` it says so and skips.

At the end, reconcile (bench/drill.py): acknowledged-but-missing 0, hash mismatches 0, no case
without its timeline step and audit event, no attachment row without its file, no key used
twice, SQLite `PRAGMA integrity_check` ok, PostgreSQL started cleanly after every kill, the
audit hash chain intact. Prints the figures, writes bench/results/crash-<db>-<time>.json, and
exits 1 on any loss."""

from __future__ import annotations

import argparse
import json
import os
import pwd
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import drill


class Cluster:
    """A PostgreSQL cluster of the drill's own (initdb in a scratch directory, a free port),
    the only kind whose postmaster the drill may kill."""

    def __init__(self, where: Path) -> None:
        self.data = where / "pgdata"
        self.log = where / "postgres.log"
        self.port = drill.free_port()
        self.user: str | None = None
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
            try:
                pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("running as root without a postgres user") from exc
            self.user = "postgres"

    @staticmethod
    def available() -> str:
        """Why the drill cannot make a cluster here ("" when it can)."""
        missing = [b for b in ("initdb", "pg_ctl") if shutil.which(b) is None]
        return f"{', '.join(missing)} not on the PATH" if missing else ""

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check)  # noqa: S603

    def create(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if self.user:
            shutil.chown(self.data.parent, self.user)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def start(self) -> float:
        """Start the cluster (recovery after a kill included); seconds until it answers."""
        started = time.perf_counter()
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1"
        for _ in range(50):  # the killed postmaster's backends may still hold shared memory
            done = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if done.returncode == 0:
                return time.perf_counter() - started
            time.sleep(0.2)
        raise SystemExit(f"PostgreSQL did not start again: {done.stderr.strip()}")

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def kill(self) -> None:
        pid = self.postmaster()
        os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 15
        while Path(f"/proc/{pid}").exists() and time.time() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "stop", check=False)

    def base_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/"

    def clean_starts(self) -> dict[str, int]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return {
            "recoveries": text.count("not properly shut down; automatic recovery in progress"),
            "ready": text.count("database system is ready to accept connections"),
            "panics": text.count("PANIC"),
            "corruption_reports": text.count("invalid page") + text.count("corrupt"),
        }


def run(db: str, args: argparse.Namespace) -> dict[str, Any]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    var_dir = Path(f"/tmp/lx-crash-{db}-{args.kill}")  # noqa: S108 - the drill's scratch directory
    rng = random.Random(args.seed)  # noqa: S311 - when to kill
    cluster = None
    print(f"[{db}, killing the {args.kill}]", flush=True)
    started = time.perf_counter()
    if args.database_url:
        var_dir = Path(args.var_dir) if args.var_dir else var_dir
        var_dir.mkdir(parents=True, exist_ok=True)
        url, build = args.database_url, False
    elif args.kill == "postgres":
        shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True)
        cluster = Cluster(var_dir)
        print(f"  a cluster of the drill's own in {cluster.data}, port {cluster.port}", flush=True)
        cluster.create()
        url = drill.fresh_database("pg", var_dir / "var", "lx_crash", cluster.base_url())
        var_dir, build = var_dir / "var", True
    else:
        url, build = drill.fresh_database(db, var_dir, "lx_crash"), True
    env = drill.scratch_env(var_dir, url)
    if args.no_collectstatic:
        env["DEBUG"] = "1"  # static files through the finders: no collectstatic (quick test)
    print(
        "  migrate and build the small demo city" if build else "  reuse the database", flush=True
    )
    communities = drill.prepare(env, build=build)
    setup_s = time.perf_counter() - started

    server = drill.Server(env, var_dir, workers=args.workers)
    server.start()
    ledger = drill.Ledger()
    clients, stop, give_up = drill.start_clients(
        args.clients, server.port, communities, ledger, args.web_share, args.seed
    )
    kills: list[dict[str, Any]] = []
    drill_started = time.perf_counter()
    try:
        for number in range(1, args.kills + 1):
            # A cold server answers its first filings slowly: kill only once it has
            # acknowledged one since it started, at a random moment after that.
            warm = ledger.wait_for_more(len(ledger.entries), timeout=120)
            time.sleep(rng.uniform(*args.gap))
            acked = len(ledger.entries)
            if cluster is not None:
                cluster.kill()
                restart_s = cluster.start()
                killed = 1
            else:
                killed = server.kill()
                restart_s = server.start()
            kills.append(
                {
                    "acknowledged_before": acked,
                    "processes": killed,
                    "restart_s": restart_s,
                    "warm": warm,
                }
            )
            print(
                f"  kill {number:2}/{args.kills}: {killed} process(es), {acked} acknowledged so "
                f"far, up again in {restart_s:.1f} s",
                flush=True,
            )
        ledger.wait_for_more(len(ledger.entries), timeout=120)
        drill.stop_clients(clients, stop, give_up)
    finally:
        give_up.set()
        server.stop()
    drill_s = time.perf_counter() - drill_started
    print("  reconcile the ledger with the database", flush=True)
    found = drill.reconcile(env, ledger.entries, var_dir / "ledger.json")
    result: dict[str, Any] = {
        "db": db,
        "killed": args.kill,
        "kills": len(kills),
        "clients": args.clients,
        "web_share": args.web_share,
        "setup_s": round(setup_s, 1),
        "drill_s": round(drill_s, 1),
        "restart_s_max": round(max((k["restart_s"] for k in kills), default=0), 2),
        "client_counts": dict(ledger.counts),
        **found,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
    }
    if cluster is not None:
        result["postgres_log"] = cluster.clean_starts()
        cluster.stop()
    problems = drill.failures(found)
    if cluster is not None:
        log = result["postgres_log"]
        if log["panics"] or log["corruption_reports"] or log["ready"] < len(kills) + 1:
            problems.append(f"PostgreSQL did not start cleanly every time: {log}")
    result["problems"] = problems
    out = drill.RESULTS / f"crash-{db}-{args.kill}-{stamp}.json"
    if args.out:
        out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    result["result_file"] = str(out)
    return result


def main() -> int:
    # A plain `kill` of the drill still stops its server (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--kill", choices=["server", "postgres"], default="server")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--web-share", type=float, default=0.3, help="share of web-form filings")
    parser.add_argument(
        "--gap", type=float, nargs=2, default=[0.5, 3.0], metavar=("MIN", "MAX"),
        help="seconds from the first filing a (re)started server acknowledged to the next kill "
        "(uniform)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument(
        "--database-url",
        help="an existing migrated database with communities (not rebuilt; the tests use it)",
    )
    parser.add_argument("--var-dir", help="with --database-url: LIANXI_VAR_DIR (media)")
    parser.add_argument("--workers", type=int, default=2, help="granian workers")
    parser.add_argument("--out", help="write the figures here instead of bench/results/")
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="serve static files through the finders (DEBUG=1): no collectstatic first",
    )
    args = parser.parse_args()
    if not drill.GRANIAN.exists():
        print("run `make install` first (.venv with granian)", file=sys.stderr)
        return 2
    dbs = ["sqlite", "pg"] if args.db == "both" else [args.db]
    if args.kill == "postgres":
        if "sqlite" in dbs and args.db == "sqlite":
            print("--kill postgres needs --db pg", file=sys.stderr)
            return 2
        dbs = ["pg"]
        why = Cluster.available()
        if why or args.database_url:
            why = why or "--database-url names a server the drill did not start"
            print(f"skipped: killing PostgreSQL needs a cluster of the drill's own ({why})")
            return 0
    results = [run(db, args) for db in dbs]
    print()
    print(
        f"{'db':7} {'killed':9} {'kills':>5} {'acked':>6} {'api':>5} {'web':>5} {'missing':>7} "
        f"{'hash≠':>5} {'half':>4} {'integrity':>10} {'time':>6}"
    )
    failed = False
    for r in results:
        print(
            f"{r['db']:7} {r['killed']:9} {r['kills']:5} {r['acknowledged']:6} "
            f"{r['acknowledged_api']:5} {r['acknowledged_web']:5} "
            f"{r['acknowledged_but_missing']:7} {r['hash_mismatches']:5} "
            f"{r['half_written_cases']:4} {r['integrity_check'][:10]:>10} {r['drill_s']:5.0f}s"
        )
        print(
            f"        client: {r['client_counts']}; stray upload files {r['stray_upload_files']}; "
            f"audit chain {r['audit_chain']}; {r['result_file']}"
        )
        for problem in r["problems"]:
            failed = True
            print(f"  FAIL {r['db']}: {problem}")
    print("crash drill: " + ("FAILED" if failed else "passed (acknowledged-but-missing 0)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
