"""Similar comments, found by the engine that finds hot issues (lianxi/topics/engine)."""

from __future__ import annotations

from lianxi.topics.engine.grouping import cluster
from lianxi.topics.engine.index import Index
from lianxi.topics.engine.text import terms


def group_ids(rows: list[tuple[int, str]]) -> list[list[int]]:
    """Groups of two or more comment ids, largest first."""
    index = Index()
    for pk, body in rows:
        # The first sentence plays the part of a matter's title (it says what is asked).
        head = body.split("。", 1)[0][:60]
        index.add(pk, terms(head, body), weigh=False)
    index.finalise()
    ids = [pk for pk, _body in rows]
    return [[ids[d] for d in members] for members in cluster(index)]
