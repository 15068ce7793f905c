"""Where a new case goes: a category suggested from the taxonomy's keywords (a later issue
makes it learn), and a deputy and station from the citizen's choice or their community."""

from __future__ import annotations

import time

from lianxi.cases.models import Case
from lianxi.directory.models import Area, Category, Deputy, Station

_KEYWORDS: tuple[float, list[tuple[int, str, list[str]]]] = (0.0, [])
KEYWORDS_TTL = 300.0  # seconds; a taxonomy edit shows up within five minutes


def _keywords() -> list[tuple[int, str, list[str]]]:
    """(id, name, words) of active second-level categories, cached in the process."""
    global _KEYWORDS
    loaded_at, rows = _KEYWORDS
    if time.monotonic() - loaded_at > KEYWORDS_TTL or not rows:
        rows = [
            (c.pk, c.name, [w for w in c.keywords.split() if len(w) >= 2])
            for c in Category.objects.filter(is_active=True, level__gte=2).only("keywords", "name")
        ]
        _KEYWORDS = (time.monotonic(), rows)
    return rows


def suggest_category(text: str) -> tuple[Category | None, float]:
    """The second-level category whose keywords occur most in `text`, with a rough confidence."""
    best, best_score, total = None, 0, 0
    for pk, name, words in _keywords():
        score = sum(text.count(w) * len(w) for w in words if w in text) + 2 * text.count(name)
        total += score
        if score > best_score:
            best, best_score = pk, score
    if best is None:
        return None, 0.0
    return Category.objects.filter(pk=best).first(), best_score / total


def route(
    community: Area | None, target_deputy: Deputy | None, target_station: Station | None
) -> tuple[Deputy | None, Station | None]:
    """The chosen deputy/station first; else the community's station, its deputies in turn."""
    if target_deputy is not None:
        station = target_station or target_deputy.stations.filter(is_active=True).first()
        return target_deputy, station
    station = target_station
    if station is None and community is not None:
        station = (
            Station.objects.filter(is_active=True, communities=community)
            .order_by("kind", "id")
            .first()
        )
    if station is None:
        return None, None
    # One indexed count instead of a load query per deputy: intake stays fast as the
    # ledger grows.
    deputies = list(station.deputies.filter(status="serving").order_by("id"))
    if not deputies:
        return None, station
    turn = Case.objects.filter(station=station).count()
    return deputies[turn % len(deputies)], station
