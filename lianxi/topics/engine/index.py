"""An in-memory inverted index of TF-IDF term vectors with cosine similarity.

Candidates come from the postings of a query's rarest terms (a place name, a specific
problem); only those candidates are scored exactly, so a look-up touches a few hundred
postings even when the index holds a hundred thousand matters. Document weights are fixed
when `finalise()` runs (or, for documents added later, with the statistics of that moment)."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from lianxi.topics.engine.text import place_core

MAX_TERMS = 32  # a matter keeps its heaviest terms
PLACE_CONFLICT = 0.4  # factor on the cosine of two matters naming different places
PROBLEM_MIN = 0.12  # below this, what two matters share is mostly their place
PROBLEM_SHARE = 0.3  # ... and the problem must be this part of what they share
RARE_TERMS = 12  # how many of the query's rarest terms propose candidates
CANDIDATES = 25  # how many candidates are scored exactly
POSTINGS_BUDGET = 300  # postings read per look-up, rarest terms first
HIT_SHARE = 0.4  # a candidate must share this part of the best candidate's rare-term weight


@dataclass
class Index:
    vocab: dict[str, int] = field(default_factory=dict)
    df: list[int] = field(default_factory=list)
    postings: list[array[int]] = field(default_factory=list)
    keys: list[Hashable] = field(default_factory=list)
    doc_terms: list[array[int]] = field(default_factory=list)
    doc_weights: list[array[float]] = field(default_factory=list)
    position: dict[Hashable, int] = field(default_factory=dict)
    doc_places: list[frozenset[str]] = field(default_factory=list)
    # Per document: its terms that are (part of) a place it names.
    doc_place_terms: list[frozenset[int]] = field(default_factory=list)
    _pending: list[array[int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: Hashable, counts: Counter[str], *, weigh: bool = True) -> None:
        """Add one document (a key already present is ignored). With weigh=False the weights
        wait for `finalise()` (building in bulk, when the statistics are still moving)."""
        if key in self.position:
            return
        doc = len(self.keys)
        ids, freqs = array("I"), array("I")
        for term, count in counts.items():
            term_id = self.vocab.get(term)
            if term_id is None:
                term_id = self.vocab[term] = len(self.df)
                self.df.append(0)
                self.postings.append(array("I"))
            self.df[term_id] += 1
            self.postings[term_id].append(doc)
            ids.append(term_id)
            freqs.append(count)
        self.keys.append(key)
        self.position[key] = doc
        self.doc_terms.append(ids)
        self.doc_places.append(places_of(counts))
        self.doc_place_terms.append(frozenset(self._place_terms(counts)))
        self._pending.append(freqs)
        self.doc_weights.append(array("f"))
        if weigh:
            self.finalise()

    def finalise(self) -> None:
        """Weigh the documents added since the last call."""
        start = len(self.doc_weights) - len(self._pending)
        for offset, freqs in enumerate(self._pending):
            doc = start + offset
            vec = _top(self._weights(zip(self.doc_terms[doc], freqs, strict=True)))
            self.doc_terms[doc] = array("I", vec)
            self.doc_weights[doc] = array("f", vec.values())
        self._pending = []

    def _place_terms(self, counts: Counter[str]) -> set[int]:
        names = [t[1:] for t in counts if t.startswith("@")]
        found: set[int] = set()
        for term in counts:
            bare = term.lstrip("@#")
            if names and term in self.vocab and any(bare in name for name in names):
                found.add(self.vocab[term])
        return found

    def idf(self, term_id: int) -> float:
        return math.log((1 + len(self.keys)) / (1 + self.df[term_id])) + 1.0

    def _weights(self, pairs: object) -> dict[int, float]:
        vec = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in pairs}  # type: ignore[attr-defined]
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def vector_of(self, doc: int) -> dict[int, float]:
        return dict(zip(self.doc_terms[doc], self.doc_weights[doc], strict=True))

    def query_vector(self, counts: Counter[str]) -> dict[int, float]:
        """The query's weights; terms the index has never seen still count in its norm."""
        n = len(self.keys)
        raw: dict[int, float] = {}
        unknown = 0.0
        for term, count in counts.items():
            term_id = self.vocab.get(term)
            weight = 1.0 + math.log(count)
            if term_id is None:
                unknown += (weight * (math.log(1 + n) + 1.0)) ** 2
            else:
                raw[term_id] = weight * self.idf(term_id)
        norm = math.sqrt(sum(w * w for w in raw.values()) + unknown) or 1.0
        return _top({t: w / norm for t, w in raw.items()})

    def candidates(
        self, vec: dict[int, float], exclude: int = -1, limit: int = CANDIDATES
    ) -> list[int]:
        """Documents sharing the query's rarest terms, best first by shared weight."""
        rare = sorted(vec, key=self.df.__getitem__)[:RARE_TERMS]
        hits: dict[int, float] = {}
        get = hits.get
        scanned = 0
        for term_id in rare:
            postings = self.postings[term_id]
            if scanned and scanned + len(postings) > POSTINGS_BUDGET:
                break  # the rest are common words: they cannot single out a matter
            scanned += len(postings)
            weight = vec[term_id]
            for doc in postings:
                hits[doc] = get(doc, 0.0) + weight
        hits.pop(exclude, None)
        if not hits:
            return []
        # A candidate sharing little of what the best one shares cannot come close.
        floor = max(hits.values()) * HIT_SHARE
        ranked = sorted(
            (d for d, w in hits.items() if w >= floor), key=hits.__getitem__, reverse=True
        )
        return ranked[:limit]

    def score(
        self,
        vec: dict[int, float],
        doc: int,
        places: frozenset[str] = frozenset(),
        place_terms: frozenset[int] = frozenset(),
    ) -> tuple[float, int]:
        """(cosine, number of shared terms); lowered when the two name different places, or
        share little beyond the place (another problem at the same compound)."""
        total, problem, shared = 0.0, 0.0, 0
        get = vec.get
        theirs_terms = self.doc_place_terms[doc]
        for term_id, weight in zip(self.doc_terms[doc], self.doc_weights[doc], strict=True):
            other = get(term_id)
            if other is not None:
                total += weight * other
                shared += 1
                if term_id not in place_terms and term_id not in theirs_terms:
                    problem += weight * other
        theirs = self.doc_places[doc]
        if (
            (places and theirs and places.isdisjoint(theirs))
            or problem < PROBLEM_MIN
            or problem < PROBLEM_SHARE * total
        ):
            total *= PLACE_CONFLICT
        return total, shared

    def search(
        self, counts: Counter[str], *, limit: int = 5, min_score: float = 0.0
    ) -> list[tuple[Hashable, float, int]]:
        """[(key, cosine, shared terms)] of the most similar documents."""
        vec = self.query_vector(counts)
        own = (places_of(counts), frozenset(self._place_terms(counts)))
        return self._rank(vec, self.candidates(vec), limit, min_score, own)

    def neighbours(
        self, doc: int, *, limit: int = 20, min_score: float = 0.0, candidates: int = CANDIDATES
    ) -> list[tuple[int, float]]:
        """[(document number, cosine)] of a document's closest others."""
        vec = self.vector_of(doc)
        places, place_terms = self.doc_places[doc], self.doc_place_terms[doc]
        scored = []
        for other in self.candidates(vec, exclude=doc, limit=candidates):
            value, _shared = self.score(vec, other, places, place_terms)
            if value >= min_score:
                scored.append((other, value))
        scored.sort(key=lambda row: -row[1])
        return scored[:limit]

    def _rank(
        self,
        vec: dict[int, float],
        docs: list[int],
        limit: int,
        min_score: float,
        own: tuple[frozenset[str], frozenset[int]],
    ) -> list[tuple[Hashable, float, int]]:
        scored = []
        for doc in docs:
            value, shared = self.score(vec, doc, *own)
            if value >= min_score:
                scored.append((self.keys[doc], value, shared))
        scored.sort(key=lambda row: (-row[1], str(row[0])))
        return scored[:limit]


def similar_pairs(index: Index, threshold: float) -> list[tuple[Hashable, Hashable, float]]:
    """Every pair of documents whose cosine is at least `threshold`, each pair once."""
    pairs = []
    for doc in range(len(index)):
        # Every pair: a large group of near-copies must not crowd some out.
        for other, value in index.neighbours(doc, limit=500, min_score=threshold, candidates=500):
            if other > doc:
                pairs.append((index.keys[doc], index.keys[other], round(value, 4)))
    return pairs


def places_of(counts: Counter[str]) -> frozenset[str]:
    """The two-character pieces of the place names a matter gives (empty: names none). Two
    matters name the same place when these overlap (中贸城 / 中茂城 differ, 丽发新城小区 /
    丽发新城 do not)."""
    cores = [place_core(t[1:]) for t in counts if t.startswith("@")]
    return frozenset(c[i : i + 2] for c in cores for i in range(len(c) - 1))


def _top(vec: dict[int, float]) -> dict[int, float]:
    """The `MAX_TERMS` heaviest terms, normalised again: the long tail of common words adds
    cost, not meaning."""
    if len(vec) <= MAX_TERMS:
        return vec
    kept = sorted(vec, key=lambda t: -vec[t])[:MAX_TERMS]
    norm = math.sqrt(sum(vec[t] ** 2 for t in kept)) or 1.0
    return {t: vec[t] / norm for t in kept}
