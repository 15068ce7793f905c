"""A Report as PDF: an HTML page (templates/documents/report.html) laid out by WeasyPrint, A4,
the CJK serif for text and the CJK sans for headings (fonts-noto-cjk), charts as SVG."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lianxi.lib.documents.charts import render_chart
from lianxi.lib.documents.model import (
    BulletList,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
    captions,
    cell_text,
    column_align,
    column_shares,
)

HERE = Path(__file__).resolve().parent


@cache
def _engine() -> Engine:
    # Its own engine: the template belongs to this module, not to an installed app.
    return Engine(dirs=[str(HERE / "templates")], autoescape=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def footer_content(report: Report) -> str:
    """The CSS `content` of the page-number box: — 3 — or 第 3 页 共 9 页 (translated)."""
    if report.page_numbers == "dash":
        return '"— " counter(page) " —"'
    pattern = _("Page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("target-counter(url(#report-end), page)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _block(index: int, block: Any, number: str, caption: str) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {
            "kind": "heading",
            "tag": f"h{block.level + 1}",  # h1 is the title on the title page
            "id": f"sec-{index}",
            "number": number,
            "text": block.text,
        }
    if isinstance(block, Paragraph):
        classes = [f"align-{block.align}"] + (["indent"] if block.indent else [])
        return {"kind": "paragraph", "classes": " ".join(classes + ["bold"] * block.bold)}
    if isinstance(block, Table):
        aligns = column_align(block)
        return {
            "kind": "table",
            "caption": caption,
            "widths": [f"{share * 100:.2f}%" for share in column_shares(block)],
            "header": list(zip(block.header, aligns, strict=True)),
            "rows": [
                [(cell_text(v), a) for v, a in zip(row, aligns, strict=True)] for row in block.rows
            ],
        }
    if isinstance(block, Chart):
        svg = render_chart(block, "svg")
        return {
            "kind": "chart",
            "caption": caption,
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        }
    if isinstance(block, BulletList):
        return {"kind": "list", "tag": "ol" if block.numbered else "ul"}
    if isinstance(block, PageBreak):
        return {"kind": "pagebreak"}
    raise TypeError(f"not a block: {block!r}")


def render_html(report: Report) -> str:
    headings = report.headings()
    numbers = {index: number for index, _heading, number in headings}
    names = captions(report)
    blocks = []
    for index, block in enumerate(report.blocks):
        view = _block(index, block, numbers.get(index, ""), names.get(index, ""))
        view["block"] = block
        blocks.append(view)
    context = {
        "report": report,
        "date": date_format(report.date, "DATE_FORMAT") if report.date else "",
        "blocks": blocks,
        "toc": [
            {"id": f"sec-{index}", "level": heading.level, "number": number, "text": heading.text}
            for index, heading, number in headings
        ]
        if report.toc
        else [],  # empty: no contents page
        "labels": {"contents": _("Contents")},
        "footer": footer_content(report),
    }
    template = _engine().get_template("documents/report.html")
    return template.render(Context(context))


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The page carries its charts as data: URLs; nothing else is fetched (no file://, no web).
    fetcher = URLFetcher(allowed_protocols={"data"})
    body = HTML(string=render_html(report), url_fetcher=fetcher).write_pdf()
    assert body is not None
    return bytes(body)
