"""Rich text of notices: sanitised HTML on the way in, plain text for search and messages."""

from __future__ import annotations

import html
import re

import nh3

BLOCK = re.compile(r"<(p|br|ul|ol|li|table|h[2-4]|blockquote|hr|div)\b", re.IGNORECASE)


def paragraphs(body: str) -> str:
    """Text typed without markup keeps its paragraphs: blank lines part paragraphs, single
    line breaks stay line breaks (the detail page renders HTML)."""
    if BLOCK.search(body or ""):
        return body
    parts = [p.strip() for p in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br>".join(part.split("\n")) + "</p>"  # nh3 cleans it next
        for part in parts
        if part
    )


TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitise(body: str) -> str:
    """Keep simple formatting and links (http, https, mailto); drop scripts, styles, events."""
    return nh3.clean(
        paragraphs(body or ""),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain(body: str) -> str:
    """The text only, whitespace collapsed."""
    text = nh3.clean((body or "").replace("</p>", "</p> ").replace("<br>", " "), tags=set())
    return " ".join(html.unescape(text).split())
