"""Chinese text for the index: rjieba `cut_for_search` tokens, space-joined, for both SQLite
FTS5 (unicode61) and PostgreSQL `to_tsvector('simple', …)`; and the parsing of a query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import rjieba

MAX_QUERY = 100
MAX_TERMS = 8
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


def _wordish(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def tokens(text: str) -> list[str]:
    """Search-mode tokens: every dictionary word, and the shorter words inside long ones."""
    return [t.lower() for t in rjieba.cut_for_search(text or "") if _wordish(t)]


def token_string(text: str) -> str:
    return " ".join(tokens(text))


def query_tokens(term: str) -> list[str]:
    """The finest tokens of one query term, so they are found whatever way a document's longer
    words were cut (中华人民共和国 → 中华 华人 人民 共和). Single characters (的, 了, 坏) only
    when the term has nothing longer."""
    found = list(dict.fromkeys(tokens(term)))
    finest = [t for t in found if not any(o != t and o in t for o in found)]
    longer = [t for t in finest if len(t) > 1]
    return longer or finest


@dataclass
class Query:
    """`电梯 维修` = both words; `"电梯维修"` = that exact phrase."""

    text: str
    terms: list[str] = field(default_factory=list)  # unquoted words
    phrases: list[str] = field(default_factory=list)  # quoted, matched exactly
    tokens: list[str] = field(default_factory=list)  # all of them must be in the document

    @property
    def empty(self) -> bool:
        return not self.tokens

    def marks(self) -> list[str]:
        """What to highlight in snippets: phrases, whole words, then their pieces."""
        words = self.phrases + self.terms + self.tokens
        return sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True)


def parse(text: str) -> Query:
    text = " ".join((text or "").split())[:MAX_QUERY]
    query = Query(text=text)
    phrases = [p.strip() for p in _QUOTED.findall(text) if p.strip()]
    rest = _QUOTED.sub(" ", text)
    rest = re.sub(r"[\"“”「」『』]", " ", rest)
    query.phrases = [" ".join(p.split()) for p in phrases][:MAX_TERMS]
    query.terms = [t for t in rest.split() if _wordish(t)][:MAX_TERMS]
    seen: dict[str, None] = {}
    for part in query.phrases + query.terms:
        for token in query_tokens(part):
            seen[token] = None
    query.tokens = list(seen)[: MAX_TERMS * 3]
    return query
