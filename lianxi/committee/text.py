"""Rich text of notices: sanitised HTML on the way in, plain text for search and messages."""

from __future__ import annotations

import html

import nh3

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
        body or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain(body: str) -> str:
    """The text only, whitespace collapsed."""
    text = nh3.clean((body or "").replace("</p>", "</p> ").replace("<br>", " "), tags=set())
    return " ".join(html.unescape(text).split())
