"""Safe GET (quality.md test 7, second half): a crawl of the pages as each role, counting the
rows of every table before and after each GET and watching the SQL it runs. A GET changes no
row, except the writes listed in READS_THAT_WRITE, which the project requires."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianxi.core.tests.security.crawl import ROLES, Crawl, client_for, demo_city, table_counts

__all__ = ["demo_city"]

# Tables a GET may write to, and why (each is a requirement, not an accident).
READS_THAT_WRITE = {
    "django_session": "the session records the last activity (idle timeout, quality.md test 11)",
    "audit_auditevent": "reading personal data or a file is audited (quality.md tests 13, 18): "
    "attachment and photo downloads, exports, a case page showing a citizen's contact",
    "committee_noticeread": "a deputy opening a notice is its read receipt (product.md: staff see "
    "who has read a notice)",
    "performance_line": "that read receipt is also a line of the deputy's performance record "
    "(issue 19: reading the committee's notices counts), written by its subscriber",
    "performance_record": "and the record's totals are brought up to date with that line",
    "otp_totp_totpdevice": "the second-factor enrolment page makes the unconfirmed secret it "
    "shows as a QR code (one per account, reused on the next visit, unusable until confirmed)",
}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def writes(queries: list[dict[str, str]]) -> Counter[str]:
    tables: Counter[str] = Counter()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match:
            tables[match.group(2).lower()] += 1
    return tables


def test_no_get_changes_a_row(demo_city: Any, db: Any) -> None:
    changed, wrote, audited, pages = [], [], Counter[str](), 0
    for role in ROLES:
        client = client_for(role)
        before = table_counts()

        def visit(url: str, response: Any, role: str = role) -> None:
            nonlocal before, pages
            pages += 1
            after = table_counts()
            diff = {t: after[t] - before[t] for t in after if after[t] != before.get(t)}
            unexpected = {t: n for t, n in diff.items() if t not in READS_THAT_WRITE}
            if unexpected:
                changed.append(f"{role} GET {url}: rows {unexpected}")
            if "audit_auditevent" in diff:
                audited[url.split("?")[0]] += diff["audit_auditevent"]
            before = after

        crawl = Crawl(role)
        original = client.get

        def watched(
            url: str, *args: Any, original: Any = original, role: str = role, **kwargs: Any
        ) -> Any:
            with CaptureQueriesContext(connection) as captured:
                response = original(url, *args, **kwargs)
            extra = {t: n for t, n in writes(captured.captured_queries).items()}
            unexpected = {t: n for t, n in extra.items() if t not in READS_THAT_WRITE}
            if unexpected:
                wrote.append(f"{role} GET {url}: SQL writes {unexpected}")
            return response

        client.get = watched  # type: ignore[method-assign]
        crawl.run(client, visit)
    print(f"safe GET: {pages} pages; audited reads: {dict(audited)}")
    assert pages > 300
    assert not changed, "\n".join(changed[:30])
    assert not wrote, "\n".join(wrote[:30])
