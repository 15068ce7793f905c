"""Relevance among the candidates on SQLite: BM25 as FTS5's bm25() computes it (title
weighted), but over the candidates' token strings here. FTS5's bm25() counts, on every query,
every document holding each term, reading the term's whole doclist: 25 ms for a word found in
most of a million cases, while finding the newest 500 matches takes under 1 ms. Document
frequencies change slowly, so they are counted once an hour per process."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from django.db import connection

K1 = 1.2
B = 0.75
TTL_SECONDS = 3600.0
MAX_CACHED_TERMS = 20_000
_frequencies: dict[str, tuple[int, float]] = {}  # term → (documents holding it, expires)
_documents: list[float] = [0.0, 0.0]  # [count, expires]


def _count(sql: str, params: list[str]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def documents() -> int:
    now = time.monotonic()
    if _documents[1] <= now:
        _documents[:] = [
            float(_count("SELECT count(*) FROM search_document", [])),
            now + TTL_SECONDS,
        ]
    return int(_documents[0])


def frequency(term: str) -> int:
    now = time.monotonic()
    cached = _frequencies.get(term)
    if cached is None or cached[1] <= now:
        if len(_frequencies) >= MAX_CACHED_TERMS:
            _frequencies.clear()
        match = '"' + term.replace('"', '""') + '"'
        found = _count("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match])
        cached = (found, now + TTL_SECONDS)
        _frequencies[term] = cached
    return cached[0]


def idf(terms: Iterable[str]) -> dict[str, float]:
    """Never negative, unlike the classic form, so a word in most documents still counts."""
    total = documents()
    weights = {}
    for term in terms:
        n = frequency(term)
        weights[term] = math.log((total - n + 0.5) / (n + 0.5) + 1.0)
    return weights


def scores(
    rows: list[tuple[int, str, str]], terms: list[str], title_weight: float
) -> dict[int, float]:
    """BM25 of each (id, title tokens, body tokens) row for `terms`; the average length is
    the candidates' own (only their order among themselves matters)."""
    if not rows or not terms:
        return {}
    weights = idf(terms)
    # Padded with spaces so " term " finds whole tokens; a token repeated back to back counts
    # once (rare, and it only nudges the order).
    padded = [(pk, f" {title or ''} ", f" {body or ''} ") for pk, title, body in rows]
    lengths = [title.count(" ") + body.count(" ") - 2 for _pk, title, body in padded]
    average = max(sum(lengths) / len(lengths), 1.0)
    needles = [(f" {term} ", weight) for term, weight in weights.items()]
    result: dict[int, float] = {}
    for (pk, title, body), length in zip(padded, lengths, strict=True):
        norm = K1 * (1.0 - B + B * length / average)
        score = 0.0
        for needle, weight in needles:
            tf = title_weight * title.count(needle) + body.count(needle)
            if tf:
                score += weight * tf * (K1 + 1.0) / (tf + norm)
        result[pk] = score
    return result
