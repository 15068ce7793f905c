"""Where a new case goes: a category suggested from the taxonomy's keywords (a later issue
makes it learn), and a deputy and station from the citizen's choice or their community."""

from __future__ import annotations

from django.db.models import Count, Q

from lianxi.directory.models import Area, Category, Deputy, Station


def suggest_category(text: str) -> tuple[Category | None, float]:
    """The second-level category whose keywords occur most in `text`, with a rough confidence."""
    best, best_score, total = None, 0, 0
    for category in Category.objects.filter(is_active=True, level__gte=2).only(
        "keywords", "name", "parent_id"
    ):
        words = [w for w in category.keywords.split() if len(w) >= 2]
        score = sum(text.count(w) * len(w) for w in words) + 2 * text.count(category.name)
        total += score
        if score > best_score:
            best, best_score = category, score
    return best, (best_score / total if total else 0.0)


def route(
    community: Area | None, target_deputy: Deputy | None, target_station: Station | None
) -> tuple[Deputy | None, Station | None]:
    """The chosen deputy/station first; else the community's station and its least busy deputy."""
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
    deputy = (
        station.deputies.filter(status="serving")
        .annotate(
            load=Count("cases", filter=~Q(cases__status__in=["closed", "declined", "merged"]))
        )
        .order_by("load", "id")
        .first()
    )
    return deputy, station
