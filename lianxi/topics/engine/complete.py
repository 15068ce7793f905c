"""Completing hot-issue groups: every message about a group's problem at the group's place.

The first pass (`grouping.cluster`) links messages pairwise and keeps a group tight; a
campaign of fifty people writing the same complaint in their own words then comes out as
one core of near-copies plus stragglers and small side groups, because two differently
worded letters share little beyond the place. Here each group, largest first, is compared
as a whole: its **anchor** (the place words most of its members name, 丽发 or 景园 + 滨河;
without a place, a term almost only its members use, 车贷) selects the candidates, and a
candidate joins when its text *without the place* is close to the group's centroid without
the place, so another problem at the same compound (a road, the water supply) stays out
however often it names the compound. A smaller group whose members mostly carry the anchor
and whose centroid is close is merged whole (the same problem at the same place, found
twice)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import GENERIC_PLACE_WORDS, PLACE_SUFFIXES, place_core

# Cosine of a message's problem terms to the group's, to join it. A large group's centroid
# says reliably what its problem is; a small one's is a few letters' wording (and a few
# near-copies), so a small group asks for more, falling linearly from SMALL to LARGE.
ABSORB_SMALL, ABSORB_LARGE = 0.28, 0.12
LARGE = 20  # members
MERGE = 0.3  # cosine between two groups' problem centroids, to merge them
PLACE_SHARE = 0.5  # a place word is named by at least this part of the members
SUBJECT_SHARE = 0.8  # without a place: a term nearly every member uses ...
SUBJECT_DF = 3  # ... and that few other messages use (df ≤ 3 × the group's size)
MIN_SIZE = 3  # smaller groups are not completed (cost; too little to say what they are about)
LARGEST = 200  # groups completed, largest first (the hot-issue job keeps the top 50)
ROUNDS = 8  # a grown group is compared again (grown centroid, longer time span)


def complete(
    index: Index,
    groups: list[list[int]],
    *,
    rare_df: int,
    times: Sequence[datetime | None] | None = None,
    max_gap_days: float | None = None,
) -> list[list[int]]:
    """The groups (document numbers), completed and merged, largest first."""
    names = _Names(index)
    owner: dict[int, int] = {}
    live: dict[int, list[int]] = {}
    for number, members in enumerate(groups):
        live[number] = list(members)
        for doc in members:
            owner[doc] = number
    for number in sorted(live, key=lambda g: -len(live[g]))[:LARGEST]:
        if number not in live or len(live[number]) < MIN_SIZE:
            continue
        # The anchor is fixed by the group as found (a grown group's subject would widen).
        anchor, drop = _anchor(index, names, live[number], rare_df)
        if not anchor:
            continue
        state = _State(anchor, drop, _homes(index, names, live[number], anchor), {})
        for _round in range(ROUNDS):
            if not _grow(index, names, live, owner, number, state, times, max_gap_days):
                break
    out = [sorted(m) for m in live.values() if len(m) >= 2]
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


class _Names:
    """Term strings by id, and the terms that contain a word, built once when first needed
    (the index keeps only term → id)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._by_id: list[str] | None = None
        self._by_gram: dict[str, list[int]] | None = None

    def __getitem__(self, term_id: int) -> str:
        if self._by_id is None:
            by_id = [""] * len(self.index.df)
            for term, tid in self.index.vocab.items():
                by_id[tid] = term
            self._by_id = by_id
        return self._by_id[term_id]

    def containing(self, word: str) -> list[int]:
        """The word's own term and the words jieba glued it into (在丽发, 丽发新城)."""
        if self._by_gram is None:
            by_gram: dict[str, list[int]] = {}
            for term, tid in self.index.vocab.items():
                if len(term) >= 3 and term[0] not in "#@":
                    for gram in {term[i : i + 2] for i in range(len(term) - 1)}:
                        by_gram.setdefault(gram, []).append(tid)
            self._by_gram = by_gram
        own = self.index.vocab.get(word)
        glued = [t for t in self._by_gram.get(word[:2], []) if word in self[t]]
        return ([own] if own is not None else []) + glued


def _anchor(
    index: Index, names: _Names, members: list[int], rare_df: int
) -> tuple[frozenset[int], frozenset[int]]:
    """(terms a candidate must all carry, the group's place terms). Empty anchor: the group
    names no place and has no term of its own; it is left as it is."""
    counts: Counter[int] = Counter()
    places: set[str] = set()
    for doc in members:
        for term_id in index.doc_terms[doc]:
            term = names[term_id]
            if term.startswith("@"):
                places.add(term[1:])
            counts[term_id] += 1
    # Every two-character piece of the members' place names: a term is (part of) a place when
    # its pieces are among them and the whole of it is in one of the names.
    pieces = {p[i : i + 2] for p in places for i in range(len(p) - 1)}

    def in_place(term: str) -> bool:
        return len(term) >= 2 and term[:2] in pieces and any(term in p for p in places)

    size = len(members)
    place_words = {
        t
        for t, c in counts.items()
        if c >= PLACE_SHARE * size
        and index.df[t] <= max(rare_df, SUBJECT_DF * size)  # a campaign makes its place common
        and not names[t].startswith(("@", "#"))
        and _is_place_word(names[t])
        and in_place(names[t])
    }
    place_terms = frozenset(
        t for t in counts if names[t].startswith("@") or in_place(names[t].lstrip("#"))
    )
    if place_words:
        return frozenset(place_words), place_terms | frozenset(place_words)
    subject = [
        t
        for t, c in counts.items()
        if c >= SUBJECT_SHARE * size
        and index.df[t] <= SUBJECT_DF * size
        and not names[t].startswith(("@", "#"))
        and sum(index.in_title(d, names[t]) for d in members) >= SUBJECT_SHARE * size
    ]
    if subject:
        # The one most members use, then the widest: the name of the matter (车贷), not a
        # detail some letters repeat (抓捕).
        best = max(subject, key=lambda t: (counts[t], index.df[t], -t))
        return frozenset([best]), place_terms
    return frozenset(), place_terms


def _is_place_word(word: str) -> bool:
    return (
        len(word) >= 2
        and word not in GENERIC_PLACE_WORDS
        and not _only_suffixes(word)  # 花园村 (…花园 + 村道) names no compound
    )


def _only_suffixes(word: str) -> bool:
    if not word:
        return True
    return any(word.endswith(s) and _only_suffixes(word[: -len(s)]) for s in PLACE_SUFFIXES)


def _problem(
    index: Index, doc: int, drop: frozenset[int], cache: dict[int, dict[int, float]]
) -> dict[int, float]:
    """The document's vector without place terms, normalised (kept for the group's rounds)."""
    found = cache.get(doc)
    if found is not None:
        return found
    own = index.doc_place_terms[doc]
    vec = {
        t: w
        for t, w in zip(index.doc_terms[doc], index.doc_weights[doc], strict=True)
        if t not in drop and t not in own
    }
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    cache[doc] = found = {t: w / norm for t, w in vec.items()}
    return found


def _centroid(
    index: Index, docs: list[int], drop: frozenset[int], cache: dict[int, dict[int, float]]
) -> dict[int, float]:
    total: dict[int, float] = {}
    for doc in docs:
        for t, w in _problem(index, doc, drop, cache).items():
            total[t] = total.get(t, 0.0) + w
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {t: w / norm for t, w in total.items()}


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _grow(
    index: Index,
    names: _Names,
    live: dict[int, list[int]],
    owner: dict[int, int],
    number: int,
    state: _State,
    times: Sequence[datetime | None] | None,
    max_gap_days: float | None,
) -> bool:
    """One round of completing group `number`; whether it changed."""
    members = live[number]
    anchor, drop, cache = state.anchor, state.drop, state.problems
    centroid = _centroid(index, members, drop, cache)
    span = _span(members, times, max_gap_days)
    # Postings hold every term of a document, its vector only the heaviest: a letter naming
    # the compound once, deep in its text, still carries the anchor.
    carriers = set.intersection(*(_carriers(index, names, t) for t in anchor))
    mine = set(members)
    candidates = sorted(
        d
        for d in carriers
        if d not in mine and _within(d, times, span) and _at_home(index, names, d, state)
    )
    if not (anchor & drop):
        # Anchored by a subject, not a place: the same subject at a place none of the
        # members names is another matter (the same noise at another compound).
        named = frozenset().union(*(index.doc_place_words[d] for d in members))
        candidates = [
            d
            for d in candidates
            if not index.doc_place_words[d] or index.doc_place_words[d] & named
        ]
    threshold = absorb_threshold(len(members))
    joined: list[int] = []
    looked: set[int] = set()
    for doc in candidates:
        other = owner.get(doc)
        if other is not None:
            if other == number or other in looked or other not in live:
                continue
            theirs = live[other]
            if len(theirs) >= MIN_SIZE:
                looked.add(other)
                if len(theirs) > len(members):
                    continue  # a larger group completes itself
                carrying = sum(1 for d in theirs if d in carriers)
                if carrying >= PLACE_SHARE * len(theirs) and (
                    _dot(centroid, _centroid(index, theirs, drop, cache)) >= MERGE
                ):
                    joined.extend(theirs)
                    del live[other]
                continue
        if _dot(centroid, _problem(index, doc, drop, cache)) >= threshold:
            joined.append(doc)
            if other is not None:  # a pair too small to stand for a problem of its own
                live[other].remove(doc)
                if len(live[other]) < 2:
                    for rest in live.pop(other):
                        del owner[rest]
    if not joined:
        return False
    for doc in joined:
        owner[doc] = number
    members.extend(joined)
    return True


@dataclass
class _State:
    anchor: frozenset[int]
    drop: frozenset[int]
    homes: frozenset[str]  # the members' place names that carry the anchor
    problems: dict[int, dict[int, float]]


def _homes(
    index: Index, names: _Names, members: list[int], anchor: frozenset[int]
) -> frozenset[str]:
    words = [names[t].lstrip("@") for t in anchor]
    return frozenset(
        p[1:]
        for d in members
        for p in index.doc_place_words[d]
        if p.startswith("@") and any(w in p for w in words)
    )


def _at_home(index: Index, names: _Names, doc: int, state: _State) -> bool:
    """False when the document's title names another place with the anchor's words (盛河花园
    for a group at 盛河新城); 丽发小区, 丽发新城 and 丽发新城小区 are one place."""
    if not state.homes:
        return True
    words = [names[t].lstrip("@") for t in state.anchor]
    for place in index.doc_place_words[doc]:
        if place.startswith("@") and any(w in place for w in words):
            if not any(_same_compound(place[1:], home) for home in state.homes):
                return False
    return True


def _same_compound(a: str, b: str) -> bool:
    if a in b or b in a:
        return True
    return _core_kind(a) == _core_kind(b)


@lru_cache(maxsize=65536)
def _core_kind(place: str) -> tuple[str, str]:
    """(the name part, the longest place suffix): 盛河新城 → (盛河, 新城)."""
    return place_core(place), max(
        (s for s in PLACE_SUFFIXES if place.endswith(s)), key=len, default=""
    )


def _carriers(index: Index, names: _Names, term_id: int) -> set[int]:
    """The documents that have the term, alone or glued into a longer word."""
    word = names[term_id]
    if word.startswith("@") or len(word) < 2:
        return set(index.postings[term_id])
    return {d for t in names.containing(word) for d in index.postings[t]}


def absorb_threshold(size: int) -> float:
    if size >= LARGE:
        return ABSORB_LARGE
    share = (size - MIN_SIZE) / (LARGE - MIN_SIZE)
    return ABSORB_SMALL - share * (ABSORB_SMALL - ABSORB_LARGE)


def _span(
    members: list[int], times: Sequence[datetime | None] | None, max_gap_days: float | None
) -> tuple[datetime, datetime, float] | None:
    if times is None or max_gap_days is None:
        return None
    stamps = [t for t in (times[d] for d in members) if t is not None]
    if not stamps:
        return None
    return min(stamps), max(stamps), max_gap_days * 86400


def _within(
    doc: int, times: Sequence[datetime | None] | None, span: tuple[datetime, datetime, float] | None
) -> bool:
    if span is None or times is None or (when := times[doc]) is None:
        return True
    first, last, gap = span
    return (first - when).total_seconds() <= gap and (when - last).total_seconds() <= gap
