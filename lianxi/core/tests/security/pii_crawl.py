"""A crawler for the canary tests: every page reachable from a start page by same-site links,
with the text of whatever comes back (HTML, JSON, CSV, iCal, XLSX, DOCX, PDF)."""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

LINK = re.compile(r"""(?:href|hx-get|data-href|src)\s*=\s*["']([^"'#]+)""")
# Never followed: signing out, switching language, static files, steps that need a form.
SKIP = re.compile(r"^/(accounts/logout|i18n/|static/|media/|favicon)")
PER_PATH = 4  # query-string variants of one path (filters, pages, sorts)


@dataclass
class Crawl:
    texts: dict[str, str] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.texts)


def _kind(content_type: str) -> str:
    for kind, marker in (
        ("xlsx", "spreadsheetml"),
        ("docx", "wordprocessingml"),
        ("pdf", "application/pdf"),
        ("csv", "text/csv"),
        ("ical", "text/calendar"),
        ("json", "json"),
        ("xml", "xml"),
        ("html", "text/html"),
    ):
        if marker in content_type:
            return kind
    return "other"


def text_of(response: Any) -> tuple[str, str]:
    """(kind, text) of a response; binary documents read back as their text."""
    kind = _kind(response.get("Content-Type", ""))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
        return kind, "\n".join(c for c in cells if c != "None")
    if kind == "docx":
        import docx

        doc = docx.Document(io.BytesIO(body))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return kind, "\n".join(parts)
    if kind == "pdf":
        out = subprocess.run(
            ["pdftotext", "-raw", "-", "-"], input=body, capture_output=True, check=True
        )
        return kind, out.stdout.decode()
    return kind, body.decode("utf-8-sig", errors="replace")


def _normal(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if SKIP.match(parts.path):
        return None
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + ("?" + urlencode(query) if query else "")


def crawl(client: Any, starts: list[str], limit: int = 400, skip: tuple[str, ...] = ()) -> Crawl:
    """Breadth-first GET of every same-site link from `starts` (at most `limit` pages)."""
    seen: set[str] = set()
    per_path: Counter[str] = Counter()
    queue = deque(u for u in (_normal(s) for s in starts) if u)
    result = Crawl()
    while queue and len(result) < limit:
        url = queue.popleft()
        path = url.split("?", 1)[0]
        if url in seen or path.startswith(skip) or per_path[path] >= PER_PATH:
            continue
        seen.add(url)
        per_path[path] += 1
        response = client.get(url)
        result.statuses[response.status_code] += 1
        if response.status_code in (301, 302, 303):
            target = _normal(response["Location"])
            if target:
                queue.append(target)
            continue
        kind, text = text_of(response)
        result.kinds[kind] += 1
        result.texts[url] = text
        if kind == "html":
            for link in LINK.findall(text):
                target = _normal(link.replace("&amp;", "&"))
                if target and target not in seen:
                    queue.append(target)
    return result
