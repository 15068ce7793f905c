"""Similar comments, found by the engine that finds hot issues (lianxi/topics/engine).

Comments are grouped article by article (and those on the whole draft together): two comments
on different articles are rarely one point, and small indexes keep 20,000 comments quick."""

from __future__ import annotations

from collections import defaultdict

from lianxi.topics.engine.grouping import cluster
from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import terms


def _groups_of(rows: list[tuple[int, str]]) -> list[list[int]]:
    index = Index()
    for pk, body in rows:
        # The first sentence plays the part of a matter's title (it says what is asked).
        head = body.split("。", 1)[0][:60]
        index.add(pk, terms(head, body), weigh=False)
    index.finalise()
    ids = [pk for pk, _body in rows]
    return [[ids[d] for d in members] for members in cluster(index)]


def group_ids(rows: list[tuple[int, int | None, str]]) -> list[list[int]]:
    """Groups of two or more comment ids (id, article id, text), largest first."""
    by_article: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for pk, article, body in rows:
        by_article[article].append((pk, body))
    groups = [g for bucket in by_article.values() if len(bucket) > 1 for g in _groups_of(bucket)]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups
