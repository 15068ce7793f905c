"""Read-only queries for the public pages (and the citizen's workbench, which shows the same
"who serves my community" answer). Public means: `Deputy.objects.public()` and
`Station.objects.public()`, and only public fields reach the templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db.models import Count, Prefetch, Q, QuerySet

from lianxi.core.choices import CongressLevel
from lianxi.core.collation import by_pinyin
from lianxi.directory.choices import CODE_PREFIX_LENGTH, AreaLevel
from lianxi.directory.models import Area, Deputy, Station

# Enough parents for the `local_name` filter to name an area from its district down.
AREA_CHAIN = "parent__parent"
# How many deputies of each congress level the "find" answer lists before linking on.
GROUP_SIZE = 12
# Nearest congress first: the township's deputies live closest to the community.
LEVEL_ORDER = (
    CongressLevel.TOWNSHIP,
    CongressLevel.COUNTY,
    CongressLevel.MUNICIPAL,
    CongressLevel.PROVINCIAL,
    CongressLevel.NATIONAL,
)


def public_deputies() -> QuerySet[Deputy]:
    return Deputy.objects.public().select_related(f"constituency__{AREA_CHAIN}")


def public_stations() -> QuerySet[Station]:
    """Open stations with their area, and the number of serving deputies attached."""
    return cast(
        QuerySet[Station],
        Station.objects.public()
        .select_related(f"area__{AREA_CHAIN}")
        .annotate(
            deputy_count=Count("deputies", filter=Q(deputies__status="serving"), distinct=True)
        )
        .order_by("area__code", "name"),
    )


def stations_with_deputies(stations: QuerySet[Station]) -> QuerySet[Station]:
    """Prefetch only the serving deputies: resigned or recalled ones are not public."""
    return stations.prefetch_related(
        Prefetch("deputies", queryset=public_deputies(), to_attr="public_deputies")
    )


def districts() -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code")


def children(parent_id: int | None, level: int) -> list[Area]:
    """The streets of a district or communities of a street, by pinyin as people look them up."""
    if not parent_id:
        return []
    return by_pinyin(Area.objects.filter(parent_id=parent_id, level=level), lambda a: a.name)


def community(community_id: int | None) -> Area | None:
    """A community with its street and district loaded (one query)."""
    if not community_id:
        return None
    return (
        Area.objects.communities()
        .select_related("parent__parent__parent")
        .filter(pk=community_id)
        .first()
    )


def search_communities(query: str, limit: int = 20) -> list[Area]:
    """Communities whose own name or whose street's name contains the words typed."""
    query = query.strip()[:30]
    if not query:
        return []
    return list(
        Area.objects.communities()
        .filter(Q(name__contains=query) | Q(parent__name__contains=query))
        .select_related("parent__parent")
        .order_by("code")[:limit]
    )


def enclosing_prefixes(area: Area) -> list[str]:
    """The code prefixes of the area and every area above it."""
    return sorted({area.prefix[:n] for n in CODE_PREFIX_LENGTH.values() if n <= len(area.prefix)})


def deputies_elected_in(area: Area) -> QuerySet[Deputy]:
    """Serving deputies whose constituency contains the area (or is the area)."""
    return public_deputies().filter(constituency__prefix__in=enclosing_prefixes(area))


@dataclass
class DeputyGroup:
    level: str
    label: str
    deputies: list[Deputy]
    total: int


@dataclass
class CommunityService:
    """Who serves a community: the stations whose service area includes it (with their
    deputies) and the deputies elected in a constituency that contains it, by congress."""

    community: Area
    stations: list[Station]
    groups: list[DeputyGroup]


def community_service(area: Area) -> CommunityService:
    stations = list(
        stations_with_deputies(public_stations().filter(communities=area)).order_by("name")
    )
    elected = deputies_elected_in(area)
    counts = dict(elected.values_list("level").annotate(n=Count("id")).order_by())
    groups = [
        DeputyGroup(
            level.value,
            str(level.label),
            list(
                elected.filter(level=level).order_by("-constituency__level", "name", "id")[
                    :GROUP_SIZE
                ]
            ),
            counts[level.value],
        )
        for level in LEVEL_ORDER
        if counts.get(level.value)
    ]
    return CommunityService(area, stations, groups)


def home_counts() -> dict[str, int]:
    return {
        "deputies": Deputy.objects.public().count(),
        "stations": Station.objects.public().count(),
        "communities": Area.objects.communities()
        .filter(served_by__is_active=True)
        .distinct()
        .count(),
    }
