#!/usr/bin/env python3
"""Does `make cluster` answer as production would? Through nginx only (HTTPS, its certificate
checked against the cluster's own), with the cluster's environment (scripts/cluster.sh smoke):

1. plain HTTP is sent to HTTPS;
2. the home page: 200, HTML in Chinese, HSTS and CSP from Django;
3. a static file named by that page: 200 from nginx (a year's cache, no app process involved);
4. an API call: the categories, 200 JSON;
5. a case filed through the API (with an Idempotency-Key) answers 201, the same key again
   answers the same case, and a worker sends the citizen's acknowledgement text (the fake
   SMS provider receives it) within 60 s;
6. a body above the size limit is refused by nginx (413) before any app process reads it.

Exits 1 on the first failure, with what was seen."""

from __future__ import annotations

import http.client
import json
import re
import ssl
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fail(what: str) -> None:
    print(f"FAIL: {what}")
    raise SystemExit(1)


def ok(what: str) -> None:
    print(f"ok    {what}")


class Site:
    def __init__(self, base: str, cafile: Path) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 443
        self.context = ssl.create_default_context(cafile=str(cafile))

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=30)
        try:
            conn.request(method, path, body, headers or {})
            answer = conn.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        finally:
            conn.close()


def community_id() -> int:
    import django

    django.setup()
    from lianxi.directory.models import Area

    found = Area.objects.filter(level=5).order_by("pk").values_list("pk", flat=True).first()
    if found is None:
        fail("no community in the cluster's database (was the demo city made?)")
    return int(found)  # type: ignore[arg-type]


def main() -> None:
    base, run_dir = sys.argv[1], Path(sys.argv[2])
    site = Site(base, run_dir.parent / "tls" / "fullchain.pem")
    http_port = int(__import__("os").environ.get("CLUSTER_HTTP_PORT", "8080"))

    plain = http.client.HTTPConnection(site.host, http_port, timeout=10)
    plain.request("GET", "/cases/new/")
    answer = plain.getresponse()
    location = answer.getheader("Location") or ""
    if answer.status != 301 or not location.startswith("https://"):
        fail(f"plain HTTP: {answer.status} {location}")
    ok(f"plain HTTP → {answer.status} {location}")

    status, head, page = site.request("GET", "/")
    if status != 200 or "text/html" not in head.get("content-type", ""):
        fail(f"home page: {status} {head.get('content-type')}")
    if "max-age=31536000" not in head.get("strict-transport-security", ""):
        fail(f"home page without HSTS: {head}")
    if "frame-ancestors 'none'" not in head.get("content-security-policy", ""):
        fail("home page without its CSP")
    if "人大" not in page.decode():
        fail("home page is not the platform's")
    ok(f"home page 200, {len(page)} bytes, HSTS and CSP")

    found = re.search(rb'(/static/[^"\']+\.css)', page)
    if not found:
        fail("no stylesheet named by the home page")
    static = found.group(1).decode()
    status, head, body = site.request("GET", static, headers={"Accept-Encoding": "gzip"})
    if status != 200 or "immutable" not in head.get("cache-control", ""):
        fail(f"static file {static}: {status} {head.get('cache-control')}")
    ok(f"static file {static} 200 from nginx ({head.get('content-encoding', 'identity')})")

    status, head, body = site.request("GET", "/api/v1/categories")
    if status != 200 or not isinstance(json.loads(body), list):
        fail(f"API categories: {status} {body[:200]!r}")
    ok(f"API /api/v1/categories 200, {len(json.loads(body))} categories")

    phone = f"139{int(time.time() * 1000) % 10**8:08d}"
    marker = uuid.uuid4().hex[:8]
    payload = {
        "kind": "opinion",
        "title": f"小区路灯不亮{marker}",
        "content": f"我们小区东门的路灯已经一周不亮了，晚上出行很不方便，请尽快维修。{marker}",
        "community_id": community_id(),
        "contact_name": "王芳",
        "contact_phone": phone,
        "consent_to_publish": False,
        "address": "",
    }
    key = uuid.uuid4().hex
    filed_at = datetime.now(UTC)
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    raw = json.dumps(payload, ensure_ascii=False).encode()
    status, head, body = site.request("POST", "/api/v1/cases", raw, headers)
    if status != 201:
        fail(f"filing a case: {status} {body[:300]!r}")
    case = json.loads(body)
    status, head, again = site.request("POST", "/api/v1/cases", raw, headers)
    if status != 201 or json.loads(again)["id"] != case["id"]:
        fail(f"the same Idempotency-Key again: {status} {again[:200]!r}")
    ok(f"case {case['tracking_number']} filed (201), the same key answers the same case")

    # The periodic index job (enqueued by worker 1 every minute, run by either consumer)
    # takes the new case in: a worker processed it.
    from django.utils.timezone import localtime

    from lianxi.notifications.models import OutboxMessage
    from lianxi.topics.models import CaseTerms

    deadline = time.time() + 150
    while time.time() < deadline and not CaseTerms.objects.filter(case_id=case["id"]).exists():
        time.sleep(1)
    if not CaseTerms.objects.filter(case_id=case["id"]).exists():
        fail("the new case was not indexed by a worker within 150 s (are the workers up?)")
    ok("a worker indexed the new case (the periodic job of the topics app)")

    # The citizen's acknowledgement text: sent by a worker now, or, in the citizen's quiet
    # hours (night in TIME_ZONE), held by the outbox until morning.
    row = (
        OutboxMessage.objects.filter(channel="sms", created_at__gte=filed_at)
        .order_by("-pk")
        .first()
    )
    log = run_dir / "sms.jsonl"
    deadline = time.time() + 60
    text = None
    while time.time() < deadline and text is None:
        if row is not None and row.not_before and row.not_before.timestamp() > time.time() + 60:
            break
        if log.exists():
            for line in log.read_text().splitlines():
                record = json.loads(line)
                if record["phone"].endswith(phone):
                    text = record
        time.sleep(0.5)
    if text is not None:
        ok(f"a worker sent the acknowledgement text: {' '.join(text['params'])[:60]}")
    elif row is not None and row.not_before and row.not_before.timestamp() > time.time():
        ok(
            f"the acknowledgement text is queued, held by quiet hours until {localtime(row.not_before):%H:%M} local time"
        )
    else:
        fail(f"no text reached the SMS provider for {phone} within 60 s (is a worker up?)")

    big = b"x" * (14 * 1024 * 1024)
    status, head, body = site.request(
        "POST", "/api/v1/cases", big, {"Content-Type": "application/json"}
    )
    if status != 413:
        fail(f"a 14 MiB body: {status}")
    ok("a 14 MiB body is refused by nginx (413)")
    print("smoke: the cluster answers through nginx")


if __name__ == "__main__":
    main()
