"""Highlighted snippets: escape everything first, then wrap the hits in <mark>. The standard
library's `html.escape` is what Django's `escape` calls, without its lazy-string wrapper."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 110


def _hits(text: str, marks: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the marks in `text`, longest mark first."""
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    for mark in marks:
        if not mark:
            continue
        start = lower.find(mark)
        while start != -1:
            end = start + len(mark)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
            start = lower.find(mark, end)
    return sorted(taken)


def highlight(text: str, marks: list[str], width: int | None = None) -> SafeString:
    """`text` (cut to a window of `width` characters around the first hit when given), HTML-
    escaped, with every hit in <mark>. The marks come from the user's query: they are only
    searched for, never inserted unescaped."""
    text = " ".join((text or "").split())
    prefix = suffix = ""
    if width is not None and len(text) > width:
        hits = _hits(text, marks)
        first = hits[0][0] if hits else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        text = text[start:end]
    pieces: list[str] = [escape(prefix)]
    at = 0
    for start, end in _hits(text, marks):
        pieces.append(escape(text[at:start]))
        pieces.append("<mark>" + escape(text[start:end]) + "</mark>")
        at = end
    pieces.append(escape(text[at:]))
    pieces.append(escape(suffix))
    return mark_safe("".join(pieces))
