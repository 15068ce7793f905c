"""An in-memory inverted index of TF-IDF term vectors with cosine similarity.

Candidates come from the postings of a query's rarest terms (a place name, a specific
problem); only those candidates are scored exactly, so a look-up touches a few hundred
postings even when the index holds a hundred thousand matters. Document weights are fixed
when `finalise()` runs (or, for documents added later, with the statistics of that moment)."""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from lianxi.topics.engine.text import is_place_word, place_core

MAX_TERMS = 32  # a matter keeps its heaviest terms
PLACE_CONFLICT = 0.4  # factor on the cosine of two matters naming different places
PROBLEM_MIN = 0.12  # below this, what two matters share is mostly their place
PROBLEM_SHARE = 0.3  # ... and the problem must be this part of what they share
RARE_TERMS = 12  # how many of the query's rarest terms propose candidates
CANDIDATES = 25  # how many candidates are scored exactly
POSTINGS_BUDGET = 300  # postings read per look-up, rarest terms first
HIT_SHARE = 0.4  # a candidate must share this part of the best candidate's rare-term weight
PLACE_RARE_SHARE = 0.02  # a shared place word names one place when at most 2% of matters use it
PLACE_RARE_MIN = 20
NAME_RARE_SHARE = 0.005  # a name in both titles: at most 0.5% of matters use it


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
    # Per document: the words that name where it is (its title's place and the words of that
    # name, road and compound names in its text); a duplicate shares one of them.
    doc_place_words: list[frozenset[str]] = field(default_factory=list)
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
        self.doc_place_words.append(frozenset(place_words(counts)))
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

    def shared_place(self, counts: Counter[str], doc: int) -> str:
        """The most specific place one of the two names and the other mentions ("" if none):
        a compound, a road, a village, not a word half the city uses. One may name it in its
        title and the other only in its text (金领公寓 / …桐梓坡西路259号金领公寓…)."""
        rare = max(PLACE_RARE_MIN, int(PLACE_RARE_SHARE * len(self.keys)))
        shared: list[tuple[int, str]] = []
        for term in place_words(counts):
            term_id = self.vocab.get(term)
            if term_id is not None and self.df[term_id] <= rare and self._holds(term_id, doc):
                shared.append((self.df[term_id], term))
        for term in self.doc_place_words[doc]:
            term_id = self.vocab[term]
            if term in counts and self.df[term_id] <= rare:
                shared.append((self.df[term_id], term))
        return min(shared, key=lambda s: (s[0], -len(s[1]), s[1]))[1].lstrip("@") if shared else ""

    def _holds(self, term_id: int, doc: int) -> bool:
        """Whether the document has the term anywhere (postings are in document order and
        hold every term, not only the ones its vector keeps)."""
        postings = self.postings[term_id]
        at = bisect_left(postings, doc)
        return at < len(postings) and postings[at] == doc

    def shared_name(self, counts: Counter[str], doc: int) -> str:
        """A name both titles carry that few other matters use ("" if none): the company, the
        platform or the building a matter is about when no place suffix marks it (天健盛世,
        湖楚财富). Not when the two name different places: the same wording about two
        compounds is two matters."""
        if self.names_place(doc) and place_words(counts):
            return ""  # both name a place and (see shared_place) not the same one
        rare = max(PLACE_RARE_MIN, int(NAME_RARE_SHARE * len(self.keys)))
        found = []
        for term in title_words(counts):
            term_id = self.vocab.get(term)
            if term_id is not None and self.df[term_id] <= rare and self.in_title(doc, term):
                found.append((self.df[term_id], term))
        return min(found)[1] if found else ""

    def in_title(self, doc: int, word: str) -> bool:
        """Whether the document's title has the word (its title's bigrams are terms)."""
        for i in range(len(word) - 1):
            term_id = self.vocab.get("#" + word[i : i + 2])
            if term_id is None or not self._holds(term_id, doc):
                return False
        return True

    def same_place(self, counts: Counter[str], doc: int) -> str:
        """What shows the query and the document are at the same place: a place word both
        name, else a rare name both titles carry; "" when nothing does."""
        return self.shared_place(counts, doc) or self.shared_name(counts, doc)

    def shared_words(self, counts: Counter[str], doc: int, limit: int = 3) -> list[str]:
        """The words that weigh most in what the two have in common (not places, not bigrams)."""
        vec = self.query_vector(counts)
        mine = self.vector_of(doc)
        names = {self.vocab[t]: t for t in counts if t in self.vocab}
        ranked = sorted(
            (t for t in vec if t in mine and not names[t].startswith(("#", "@"))),
            key=lambda t: -vec[t] * mine[t],
        )
        place = self.doc_place_words[doc] | place_words(counts)
        return [names[t] for t in ranked if names[t] not in place][:limit]

    def names_place(self, doc: int) -> bool:
        return bool(self.doc_place_words[doc])

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
        self,
        counts: Counter[str],
        *,
        limit: int = 5,
        min_score: float = 0.0,
        exclude: Hashable | None = None,
    ) -> list[tuple[Hashable, float, int]]:
        """[(key, cosine, shared terms)] of the most similar documents; `exclude` is the
        query's own document (it would set the bar the candidates are measured against)."""
        vec = self.query_vector(counts)
        own = (places_of(counts), frozenset(self._place_terms(counts)))
        skip = self.position.get(exclude, -1) if exclude is not None else -1
        return self._rank(vec, self.candidates(vec, exclude=skip), limit, min_score, own)

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


def place_words(counts: Counter[str]) -> set[str]:
    """The terms of a matter that say where it is: its title's place (@…), the words of that
    name (丽发 of 丽发新城小区; not 新城, which every compound is called), and place names in
    its text (万家丽南路, 枫林湾小区)."""
    names = [t[1:] for t in counts if t.startswith("@")]
    found = {t for t in counts if t.startswith("@")}
    for term in counts:
        if term.startswith(("@", "#")):
            continue
        if is_place_word(term) or (
            len(term) >= 2
            and any(term in name for name in names)
            and is_place_word(term, part=True)
        ):
            found.add(term)
    return found


def title_words(counts: Counter[str]) -> list[str]:
    """The words of a matter's title (each of their bigrams is a title bigram), 2+ characters."""
    grams = {t[1:] for t in counts if t.startswith("#")}
    return [
        t
        for t in counts
        if not t.startswith(("@", "#"))
        and len(t) >= 2
        and all(t[i : i + 2] in grams for i in range(len(t) - 1))
    ]


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
