"""What the crash and backup drills share (quality.md rows 26 and 28): a scratch database, the
real server (granian, as scripts/serve.sh runs it), clients that file cases through the API
(with an `Idempotency-Key`) and the web form (with its one-time token and a small image) and
keep a ledger of every acknowledgement, and the reconciliation of that ledger against the
database.

The client side is the standard library only; every step that needs Django runs in its own
process with the project's .venv (`python -m bench.drill reconcile LEDGER`), so one run can
drive SQLite and PostgreSQL one after the other."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
# Collected once and shared by every drill (the manifest storage needs it to render a page).
STATIC_ROOT = Path("/tmp/lx-drill-static")  # noqa: S108 - scratch, rebuilt when absent


# ---------------------------------------------------------------- the database


def scratch_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """The server's and the set-up steps' environment: production-like settings (WAL,
    synchronous=FULL on SQLite), no intake limits (all clients share one address)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LIANXI_TESTING"}}
    env |= {
        "LIANXI_VAR_DIR": str(var_dir),
        "LIANXI_ENV": "local",
        "DJANGO_SETTINGS_MODULE": "lianxi.settings",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HUEY_IMMEDIATE": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(STATIC_ROOT),
        "INTAKE_PER_ADDRESS_PER_HOUR": "0",
        "INTAKE_PER_PHONE_PER_HOUR": "0",
        "INTAKE_PER_SESSION_PER_HOUR": "0",
        "INTAKE_PER_CLIENT_PER_HOUR": "0",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_python(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [str(PYTHON), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"step failed: {' '.join(args)[:100]}")
    return done.stdout


def psql(sql: str, url: str = PG_SERVER + "postgres") -> None:
    subprocess.run(["psql", url, "-q", "-c", sql], check=True, capture_output=True)  # noqa: S603, S607


def fresh_database(db: str, var_dir: Path, pg_name: str, pg_base: str = PG_SERVER) -> str:
    """A new empty database; its URL ("" for the default SQLite file in var_dir)."""
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    if db == "sqlite":
        return ""
    return fresh_pg(pg_name, pg_base)


def fresh_pg(name: str, base: str = PG_SERVER) -> str:
    """PostgreSQL database `name`, dropped and created again, empty; its URL."""
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", base + "postgres")
    psql(f"CREATE DATABASE {name}", base + "postgres")
    return base + name


SETUP = """
import json, sys
import django
django.setup()
from django.core.management import call_command
if sys.argv[1] == "build":
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_city", seed=1, size="small", cases=0, verbosity=0)
from lianxi.directory.models import Area
ids = list(Area.objects.filter(level=5).order_by("pk").values_list("pk", flat=True)[:200])
print(json.dumps(ids))
"""


def prepare(env: dict[str, str], build: bool = True) -> list[int]:
    """Migrate and build the small demo city (no cases) unless `build` is off; the ids of
    the communities cases are filed in. Static files are collected once (for the manifest)
    unless the server serves them through the finders (DEBUG=1, the quick test's choice)."""
    if env.get("DEBUG") != "1" and not (STATIC_ROOT / "staticfiles.json").exists():
        run_python(env, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0")
    out = run_python(env, "-c", SETUP, "build" if build else "read")
    communities = json.loads(out.strip().splitlines()[-1])
    if not communities:
        raise SystemExit("no community in the database: nothing to file cases in")
    return communities


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """granian with 2 workers in its own process group (so one signal reaches them all)."""

    env: dict[str, str]
    var_dir: Path
    port: int = field(default_factory=free_port)
    workers: int = 2
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self, timeout: float = 90) -> float:
        command = [
            str(GRANIAN),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--blocking-threads",
            "8",
            "--no-ws",
            "--log-level",
            "warning",
            "lianxi.wsgi:application",
        ]
        started = time.perf_counter()
        with (self.var_dir / "granian.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        wait_ready(self.port, self.process, timeout)
        return time.perf_counter() - started

    def pids(self) -> list[int]:
        """The master and its workers (every process of its group)."""
        if self.process is None:
            return []
        return group_pids(self.process.pid)

    def kill(self) -> int:
        """SIGKILL the master and every worker at once; wait until all are gone."""
        assert self.process is not None
        pids = self.pids()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)
        deadline = time.time() + 10
        while group_pids(self.process.pid) and time.time() < deadline:
            time.sleep(0.05)
        return len(pids)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def group_pids(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def wait_ready(port: int, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit("granian exited during start-up (see granian.log)")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("granian did not answer /healthz in time")


# ---------------------------------------------------------------- the clients


def payload_hash(fields: list[Any]) -> str:
    """The same digest the client computes from what it sent and reconcile() from what is
    stored: kind, title, content, community, consent, anonymous, contact name and phone."""
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def stored_fields(case: Any, via: str) -> list[Any]:
    """What payload_hash() covers of a stored case: what the client sent, as it was saved (the
    contact too when it came through the API)."""
    fields = [
        case.kind,
        case.title,
        case.content,
        case.community_id,
        case.consent_to_publish,
        case.is_anonymous,
    ]
    return [*fields, case.contact_name, case.contact_phone] if via == "api" else fields


def tiny_png(seed: int) -> bytes:
    """A valid 2×2 PNG, different for each seed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rgb = seed.to_bytes(3, "big")
    raw = b"".join(b"\x00" + rgb * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


TOPICS = ["路灯不亮", "下水道堵塞", "小区停车难", "噪音扰民", "道路破损", "垃圾清运不及时"]
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Ledger:
    """Every acknowledgement, and what happened to the requests that got none."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, entry: dict[str, Any]) -> None:
        entry["acked_at"] = time.time()
        with self.lock:
            self.entries.append(entry)
            self.counts[f"acknowledged {entry['via']}"] += 1

    def note(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def wait_for_more(self, than: int, timeout: float) -> bool:
        """Wait until more than `than` filings are acknowledged; False on timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.entries) > than:
                return True
            time.sleep(0.05)
        return False

    def acked_before(self, moment: float) -> list[dict[str, Any]]:
        with self.lock:
            return [e for e in self.entries if e["acked_at"] < moment]


class Client(threading.Thread):
    """Files cases one after another until `stop` is set; a request that got no answer
    (connection refused or cut: the server was killed) is sent again with the same key or
    form token until it is answered or `give_up` is set."""

    def __init__(
        self,
        number: int,
        port: int,
        communities: list[int],
        ledger: Ledger,
        stop: threading.Event,
        give_up: threading.Event,
        web_share: float,
        seed: int,
    ) -> None:
        super().__init__(daemon=True, name=f"client-{number}")
        self.number, self.port, self.communities = number, port, communities
        self.ledger, self.stop, self.give_up = ledger, stop, give_up
        self.web_share = web_share
        self.rng = random.Random(seed * 1000 + number)  # noqa: S311 - test data
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    # -- HTTP with reconnection

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        if self.cookies:
            headers = headers | {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.headers.items()}, data

    def until_answered(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes] | None:
        retried = False
        while not self.give_up.is_set():
            try:
                status, head, data = self.request(method, path, body, headers)
            except (OSError, http.client.HTTPException):
                if not retried:
                    self.ledger.note("sent again after no answer")
                    retried = True
                time.sleep(0.2)
                continue
            if status == 409 or status >= 500:  # in flight, or the database is down: again
                self.ledger.note(f"HTTP {status}, sent again")
                time.sleep(0.3)
                continue
            return status, head, data
        self.ledger.note("no answer before the end (not acknowledged)")
        return None

    # -- one filing

    def fields(self) -> dict[str, Any]:
        topic = self.rng.choice(TOPICS)
        marker = uuid.uuid4().hex[:12]
        return {
            "kind": self.rng.choice(["opinion", "suggestion"]),
            "title": f"{topic}{marker[:6]}",
            "content": f"{topic}，已经持续一段时间，请尽快处理。编号{marker}。",
            "community_id": self.rng.choice(self.communities),
        }

    def file_api(self) -> None:
        f = self.fields()
        anonymous = self.rng.random() < 0.2
        body = f | {"address": "", "consent_to_publish": self.rng.random() < 0.4}
        if anonymous:
            body |= {"anonymous": True}
            name = phone = ""
        else:
            name, phone = "张三", f"139{self.rng.randrange(10**8):08d}"
            body |= {"contact_name": name, "contact_phone": phone}
        key = uuid.uuid4().hex
        sent = payload_hash(
            [
                f["kind"],
                f["title"],
                f["content"],
                f["community_id"],
                body["consent_to_publish"],
                anonymous,
                name,
                phone,
            ]
        )
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        raw = json.dumps(body, ensure_ascii=False).encode()
        answer = self.until_answered("POST", "/api/v1/cases", raw, headers)
        if answer is None:
            return
        status, _, data = answer
        if status != 201:
            self.ledger.note(f"API refused: HTTP {status}")
            return
        out = json.loads(data)
        self.ledger.ack(
            {
                "via": "api",
                "key": key,
                "id": out["id"],
                "tracking_number": out["tracking_number"],
                "hash": sent,
                "phone": phone,
            }
        )

    def file_web(self) -> None:
        page = self.until_answered("GET", "/cases/new/", None, {})
        if page is None:
            return
        found = CSRF_FIELD.search(page[2])
        if page[0] != 200 or not found:
            self.ledger.note(f"form page: HTTP {page[0]}")
            return
        f = self.fields()
        token = uuid.uuid4().hex[:24]
        png = tiny_png(self.rng.randrange(2**24))
        parts = {
            "csrfmiddlewaretoken": found.group(1).decode(),
            "form_token": token,
            "kind": f["kind"],
            "title": f["title"],
            "content": f["content"],
            "category": "",
            "community": str(f["community_id"]),
            "address": "",
            "contact": "anonymous",
        }
        boundary = uuid.uuid4().hex
        chunks = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in parts.items()
        ]
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="photo.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
            + png
            + b"\r\n"
        )
        chunks.append(f"--{boundary}--\r\n".encode())
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"http://127.0.0.1:{self.port}/cases/new/",
        }
        sent = payload_hash([f["kind"], f["title"], f["content"], f["community_id"], False, True])
        answer = self.until_answered("POST", "/cases/new/", b"".join(chunks), headers)
        if answer is None:
            return
        status, head, data = answer
        if status != 302 or "/cases/new/done/" not in head.get("location", ""):
            self.ledger.note(f"web form refused: HTTP {status}")
            if os.environ.get("DRILL_DEBUG"):
                sys.stderr.write(f"{status} {head.get('location')}\n")
                sys.stderr.write(data.decode(errors="replace")[:3000])
            return
        self.ledger.ack({"via": "web", "key": "web:" + token, "hash": sent, "attachments": 1})

    def run(self) -> None:
        while not self.stop.is_set():
            if self.rng.random() < self.web_share:
                self.file_web()
            else:
                self.file_api()
        if self.conn is not None:
            self.conn.close()


def start_clients(
    n: int,
    port: int,
    communities: list[int],
    ledger: Ledger,
    web_share: float,
    seed: int,
) -> tuple[list[Client], threading.Event, threading.Event]:
    stop, give_up = threading.Event(), threading.Event()
    clients = [
        Client(i, port, communities, ledger, stop, give_up, web_share, seed) for i in range(n)
    ]
    for client in clients:
        client.start()
    return clients, stop, give_up


def stop_clients(
    clients: list[Client], stop: threading.Event, give_up: threading.Event, grace: float = 30
) -> None:
    """Let each client finish the filing it is on (answered by the running server), then
    stop."""
    stop.set()
    deadline = time.time() + grace
    for client in clients:
        client.join(max(0.1, deadline - time.time()))
    give_up.set()
    for client in clients:
        client.join(5)


# ---------------------------------------------------------------- reconciliation


def reconcile(env: dict[str, str], ledger: list[dict[str, Any]], path: Path) -> dict[str, Any]:
    """Check the ledger against the database (in a Django process); the findings."""
    path.write_text(json.dumps(ledger, ensure_ascii=False))
    out = run_python(env, "-m", "bench.drill", "reconcile", str(path))
    return json.loads(out.strip().splitlines()[-1])


def _check(ledger_file: str) -> dict[str, Any]:
    """Run inside Django: every acknowledged filing present with what was sent, no case
    without its timeline step and audit event, no attachment without its file, the database
    itself sound."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from lianxi.audit.models import AuditEvent
    from lianxi.cases.models import Attachment, Case, CaseEvent, IdempotencyKey

    ledger = json.loads(Path(ledger_file).read_text())
    keys = dict(IdempotencyKey.objects.values_list("key", "case_id"))
    cases = {c.pk: c for c in Case.objects.all()}
    attached = Counter(Attachment.objects.values_list("case_id", flat=True))
    missing, mismatched, no_attachment, extra_attachment = [], [], [], []
    for entry in ledger:
        case_id = keys.get(entry["key"])
        if entry["via"] == "api" and case_id != entry["id"]:
            case_id = None  # the key must lead to the very case the answer named
        case = cases.get(case_id) if case_id else None
        if case is None:
            missing.append(entry["key"])
            continue
        stored = stored_fields(case, entry["via"])
        if entry["via"] == "api":
            if case.tracking_number != entry["tracking_number"]:
                mismatched.append(entry["key"])
                continue
        if payload_hash(stored) != entry["hash"]:
            mismatched.append(entry["key"])
        if attached[case.pk] < entry.get("attachments", 0):
            no_attachment.append(entry["key"])
        elif attached[case.pk] > entry.get("attachments", 0):
            extra_attachment.append(entry["key"])  # a resend stored its files again

    submitted = set(CaseEvent.objects.filter(step="submitted").values_list("case_id", flat=True))
    audited = {
        int(t)
        for t in AuditEvent.objects.filter(action="cases.submit", outcome="ok").values_list(
            "target_id", flat=True
        )
        if t and t.isdigit()
    }
    half_written = sorted(pk for pk in cases if pk not in submitted or pk not in audited)
    keyed = Counter(case_id for case_id in keys.values() if case_id)
    keys_without_case = sum(1 for case_id in keys.values() if case_id is None)

    media = Path(settings.MEDIA_ROOT)
    rows = list(Attachment.objects.values_list("pk", "file", "sha256"))
    bad_files = []
    for pk, name, digest in rows:
        file = media / name
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            bad_files.append(pk)
    known = {str(media / name) for _, name, _ in rows}
    stray = [str(p) for p in (media / "cases").rglob("*") if p.is_file() and str(p) not in known]

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            integrity = ", ".join(r[0] for r in cursor.execute("PRAGMA integrity_check"))
            foreign = len(cursor.execute("PRAGMA foreign_key_check").fetchall())
    else:
        integrity, foreign = "not applicable (PostgreSQL)", 0
    from lianxi.retention.archive import verify

    chain = verify()
    return {
        "acknowledged": len(ledger),
        "acknowledged_api": sum(e["via"] == "api" for e in ledger),
        "acknowledged_web": sum(e["via"] == "web" for e in ledger),
        "acknowledged_but_missing": len(missing),
        "hash_mismatches": len(mismatched),
        "acknowledged_without_attachment": len(no_attachment),
        "acknowledged_with_extra_attachments": len(extra_attachment),
        "cases_in_database": len(cases),
        "cases_not_acknowledged": len(cases) - (len(ledger) - len(missing)),
        "half_written_cases": len(half_written),
        "cases_with_two_keys": sum(1 for n in keyed.values() if n > 1),
        "keys_without_case": keys_without_case,
        "attachment_rows": len(rows),
        "attachments_without_their_file": len(bad_files),
        "stray_upload_files": len(stray),
        "integrity_check": integrity,
        "foreign_key_violations": foreign,
        "audit_chain": "intact" if chain.ok else f"broken: {chain.problem}",
        "examples": {
            "missing": missing[:5],
            "mismatched": mismatched[:5],
            "half_written": half_written[:5],
            "stray_files": stray[:5],
        },
    }


def failures(found: dict[str, Any]) -> list[str]:
    """The pass criteria of quality.md row 26 that this reconciliation misses."""
    problems = []
    for name in (
        "acknowledged_but_missing",
        "hash_mismatches",
        "acknowledged_without_attachment",
        "acknowledged_with_extra_attachments",
        "half_written_cases",
        "cases_with_two_keys",
        "keys_without_case",
        "attachments_without_their_file",
        "foreign_key_violations",
    ):
        if found.get(name):
            problems.append(f"{name} = {found[name]}")
    if found.get("integrity_check") not in ("ok", "not applicable (PostgreSQL)"):
        problems.append(f"integrity_check: {found['integrity_check']}")
    if found.get("audit_chain") != "intact":
        problems.append(f"audit chain {found['audit_chain']}")
    if not found.get("acknowledged"):
        problems.append("nothing was acknowledged: the drill proves nothing")
    return problems


if __name__ == "__main__":
    if sys.argv[1:2] == ["reconcile"]:
        print(json.dumps(_check(sys.argv[2]), ensure_ascii=False))
    else:
        raise SystemExit("usage: python -m bench.drill reconcile LEDGER.json")
