"""Hot issues: groups of matters about one concrete problem at one place.

Every matter links to its close neighbours (cosine ≥ `link`). Groups grow from the best
connected matter outward, admitting a neighbour only while it stays close to the group's
centroid: that keeps a group on "the mixing plant next to 丽发新城" instead of drifting along a
chain into "noise" in general. Names come from the words the members' titles share."""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import rjieba

from lianxi.topics.engine.complete import complete
from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import ADMIN_CODE_RE, STOPWORDS, normalise

LINK = 0.3  # cosine to become a neighbour
CENTROID = 0.38  # cosine to the group's centroid to join it
MAX_NEIGHBOURS = 30
SEED_SHARE = 0.7  # a member's score with the seed is at least this part of `link`
RARE_SHARE = 0.02  # a term in at most 2% of the matters (min. 20) is specific enough to anchor

PLACE_SUFFIXES = (
    "小区", "花园", "家园", "新城", "新村", "公寓", "大厦", "广场", "苑", "城", "村", "组", "社区",
    "街道", "路", "街", "大道", "巷", "学校", "小学", "中学", "幼儿园", "学院", "大学", "医院",
    "市场", "公园", "项目", "工地", "车站", "站", "府", "湾", "里", "镇", "乡", "楼盘", "商城",
    "中心", "公司", "驾校", "银行",
)  # fmt: skip
LEADING_WORDS = re.compile(
    r"^(关于|投诉|反映|反应|举报|咨询|请问|建议|希望|请求|恳请|强烈|再次|坚决|要求|请|问问|询问)+"
)
PUNCT_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


@dataclass
class Group:
    members: list[int]
    label: str = ""
    places: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    score: float = 0.0
    growth: float = 0.0
    weight: float = 0.0  # followers or votes


def _add(centroid: dict[int, float], vec: dict[int, float]) -> None:
    for term, weight in vec.items():
        centroid[term] = centroid.get(term, 0.0) + weight


def _cosine(centroid: dict[int, float], vec: dict[int, float]) -> float:
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    return sum(w * centroid.get(t, 0.0) for t, w in vec.items()) / norm


PARALLEL_FROM = 20_000  # documents; below this one process is quicker than forking
_SHARED: tuple[Index, float] | None = None


def _neighbour_chunk(bounds: tuple[int, int]) -> list[list[tuple[int, float]]]:
    assert _SHARED is not None
    index, link = _SHARED
    return [index.neighbours(doc, limit=MAX_NEIGHBOURS, min_score=link) for doc in range(*bounds)]


def _all_neighbours(index: Index, link: float) -> list[list[tuple[int, float]]]:
    """Every document's close neighbours; on several cores for a large index (forked workers
    share the index copy-on-write and only send the lists back)."""
    global _SHARED
    n = len(index)
    workers = min(4, os.cpu_count() or 1)
    if n < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [index.neighbours(d, limit=MAX_NEIGHBOURS, min_score=link) for d in range(n)]
    step = -(-n // (workers * 4))
    chunks = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
    _SHARED = (index, link)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_neighbour_chunk, chunks)
    finally:
        _SHARED = None
    return [near for part in parts for near in part]


def cluster(
    index: Index,
    *,
    link: float = LINK,
    centroid_min: float = CENTROID,
    times: Sequence[datetime | None] | None = None,
    max_gap_days: float | None = None,
    whole: bool = True,
) -> list[list[int]]:
    """Groups of two or more documents (document numbers), largest first. With whole=False,
    only the first pass: the cores that pairwise links find."""
    n = len(index)
    near_all = _all_neighbours(index, link)
    neighbours: list[list[int]] = []
    for doc, near in enumerate(near_all):
        mine = times[doc] if times is not None else None
        if mine is not None and max_gap_days is not None and times is not None:
            gap = max_gap_days * 86400
            near = [
                (o, s)
                for o, s in near
                if (when := times[o]) is None or abs((when - mine).total_seconds()) <= gap
            ]
        neighbours.append([o for o, _s in near])
    rare_df = max(20, int(RARE_SHARE * n))
    bigram = {t for term, t in index.vocab.items() if term.startswith("#")}
    order = sorted(range(n), key=lambda d: (-len(neighbours[d]), d))
    assigned = [False] * n
    groups: list[list[int]] = []
    for seed in order:
        if assigned[seed] or not neighbours[seed]:
            continue
        members = [seed]
        assigned[seed] = True
        # Every member shares at least one specific term (a place, a project) with the seed.
        anchors = {t for t in index.doc_terms[seed] if index.df[t] <= rare_df and t not in bigram}
        centroid: dict[int, float] = {}
        seed_vec = index.vector_of(seed)
        seed_places = (index.doc_places[seed], index.doc_place_terms[seed])
        _add(centroid, seed_vec)
        frontier = list(neighbours[seed])
        seen = {seed, *frontier}
        while frontier:
            doc = frontier.pop(0)
            if assigned[doc]:
                continue
            vec = index.vector_of(doc)
            if anchors.isdisjoint(vec) or _cosine(centroid, vec) < centroid_min:
                continue
            # Still about the seed's problem at the seed's place (no drift along a chain, no
            # other problem at the same compound).
            if index.score(seed_vec, doc, *seed_places)[0] < link * SEED_SHARE:
                continue
            members.append(doc)
            assigned[doc] = True
            _add(centroid, vec)
            for other in neighbours[doc]:
                if other not in seen:
                    seen.add(other)
                    frontier.append(other)
        if len(members) >= 2:
            groups.append(sorted(members))
        else:
            assigned[seed] = False  # may still join a later group
    if not whole:
        groups.sort(key=lambda g: (-len(g), g[0]))
        return groups
    # Pairwise links find each problem's core; the whole group then takes the rest of it.
    return complete(index, groups, rare_df=rare_df, times=times, max_gap_days=max_gap_days)


def _clean_title(title: str) -> str:
    text = ADMIN_CODE_RE.sub("", normalise(title))
    text = re.sub(r"(西地省|[A-Z]市)", "", text)
    parts = [LEADING_WORDS.sub("", p) for p in PUNCT_RE.split(text)]
    return "，".join(p for p in parts if p)


def _common_fragments(titles: list[str], limit: int = 2) -> list[str]:
    """The longest fragments (3 to 12 characters) most members' titles share."""
    counts: Counter[str] = Counter()
    for title in titles:
        seen: set[str] = set()
        for piece in title.split("，"):
            # Fragments start and end on word boundaries: "绿地海外滩", not "滩小区距".
            cuts, at = {0}, 0
            for word in rjieba.cut(piece):
                at += len(word)
                cuts.add(at)
            for start in sorted(cuts):
                for end in sorted(cuts):
                    fragment = piece[start:end]
                    if 3 <= len(fragment) <= 18 and fragment[0] not in "的之在和与":
                        seen.add(fragment)
        counts.update(seen)
    need = max(2, math.ceil(len(titles) * 0.25))
    ranked = sorted(
        (f for f, c in counts.items() if c >= need and f not in STOPWORDS),
        key=lambda f: (-(counts[f] * len(f) ** 1.5), f),
    )
    chosen: list[str] = []
    for fragment in ranked:
        grams = {fragment[i : i + 2] for i in range(len(fragment) - 1)}
        if any(grams & {c[i : i + 2] for i in range(len(c) - 1)} for c in chosen):
            continue
        chosen.append(fragment)
        if len(chosen) == limit:
            break
    # The place first: "荣盛花语城 · 噪音污染严重".
    chosen.sort(key=lambda f: not _has_place(f))
    return chosen


def _has_place(text: str) -> bool:
    return any(suffix in text for suffix in PLACE_SUFFIXES if len(suffix) >= 2)


def describe(index: Index, group: Group, titles: Sequence[str]) -> None:
    """Fill the group's label, places and key terms."""
    cleaned = [_clean_title(titles[d]) for d in group.members]
    fragments = _common_fragments(cleaned)
    weights: dict[int, float] = {}
    for doc in group.members:
        for term_id, weight in zip(index.doc_terms[doc], index.doc_weights[doc], strict=True):
            weights[term_id] = weights.get(term_id, 0.0) + weight
    top = sorted(weights, key=lambda t: -weights[t])[:40]
    names = _term_names(index, top)
    terms = [name for name in names if not name.startswith(("#", "@"))][:6]
    places = []
    for fragment in fragments + terms:
        for piece in re.findall(r"[\u4e00-\u9fffA-Za-z0-9]{2,}", fragment):
            if piece.endswith(PLACE_SUFFIXES) and piece not in places and len(piece) >= 3:
                places.append(piece)
    group.places = places[:3]
    group.terms = terms
    group.label = " · ".join(fragments) if fragments else " ".join(terms[:3])


def _term_names(index: Index, term_ids: list[int]) -> list[str]:
    wanted = set(term_ids)
    found = {term_id: term for term, term_id in index.vocab.items() if term_id in wanted}
    return [found[t] for t in term_ids if t in found]


def rank(
    groups: list[Group],
    times: Sequence[datetime | None],
    weights: Sequence[float],
    now: datetime | None,
    recent_days: float = 7.0,
) -> None:
    """Score = size + growth (members of the last `recent_days` beyond the group's usual pace)
    + followers/votes on a log scale."""
    for group in groups:
        size = len(group.members)
        stamps = [t for t in (times[d] for d in group.members) if t is not None]
        recent = 0
        if stamps and now is not None:
            horizon = recent_days * 86400
            recent = sum(1 for t in stamps if (now - t).total_seconds() <= horizon)
        group.growth = recent / size if size else 0.0
        group.weight = sum(weights[d] for d in group.members)
        group.score = round(size * (1.0 + group.growth) + 2.0 * math.log1p(group.weight), 3)
    groups.sort(key=lambda g: (-g.score, -len(g.members), g.members[0]))
