"""Where a new case goes: a category and lead department suggested by the learned model
(lianxi/insight/routing), and a deputy and station from the citizen's choice or their community."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from lianxi.directory.models import Area, Category, Department, Deputy, Station

# What the model answers (lianxi.insight.routing.service.Suggestion): category_id,
# category_confidence, department_id, department_confidence, model_id.
Suggestion = Any

KEYWORDS_TTL = 300.0  # seconds; cached routing tables refresh within five minutes

# The learned model's `suggest(text)` and `forget()`, handed over by lianxi/insight when it
# starts (InsightConfig.ready): the ledger asks its reader without importing it.
_MODEL: dict[str, Callable[..., Any]] = {}


def use_model(suggest: Callable[[str], Suggestion], forget: Callable[[], None]) -> None:
    _MODEL["suggest"], _MODEL["forget"] = suggest, forget


def suggest_routing(text: str) -> Suggestion:
    """Category and lead department for `text`, each with a confidence, from the learned
    model (lianxi/insight; cold from the taxonomy's keywords). No query: about 1 ms."""
    return _MODEL["suggest"](text)  # type: ignore[no-any-return]


def suggest_category(text: str) -> tuple[Category | None, float]:
    """The likeliest category for `text`, with the model's confidence (0..1)."""
    suggestion = suggest_routing(text)
    if suggestion.category_id is None:
        return None, 0.0
    category = Category.objects.filter(pk=suggestion.category_id, is_active=True).first()
    return category, suggestion.category_confidence if category else 0.0


def suggest_department(text: str) -> tuple[Department | None, float]:
    """The likeliest lead department for `text`, with the model's confidence (0..1)."""
    suggestion = suggest_routing(text)
    if suggestion.department_id is None:
        return None, 0.0
    department = Department.objects.filter(pk=suggestion.department_id, is_active=True).first()
    return department, suggestion.department_confidence if department else 0.0


_SERVICE: tuple[float, dict[int, tuple[int, tuple[int, ...]]]] = (0.0, {})


def _service_map() -> dict[int, tuple[int, tuple[int, ...]]]:
    """community id → (its first active station, that station's serving deputies), cached in
    the process like the keywords: intake reads it on every submission."""
    global _SERVICE
    loaded_at, mapping = _SERVICE
    if time.monotonic() - loaded_at > KEYWORDS_TTL or not mapping:
        deputies: dict[int, list[int]] = {}
        for station_id, deputy_id in (
            Station.deputies.through.objects.filter(
                station__is_active=True, deputy__status="serving"
            )
            .order_by("deputy_id")
            .values_list("station_id", "deputy_id")
        ):
            deputies.setdefault(station_id, []).append(deputy_id)
        mapping = {}
        for community_id, station_id in (
            Station.communities.through.objects.filter(station__is_active=True)
            .order_by("station__kind", "station_id")
            .values_list("area_id", "station_id")
        ):
            if community_id not in mapping:
                mapping[community_id] = (station_id, tuple(deputies.get(station_id, ())))
        _SERVICE = (time.monotonic(), mapping)
    return mapping


def forget() -> None:
    """Drop the process caches (tests build a new city each time; edits may call it too)."""
    global _SERVICE
    _SERVICE = (0.0, {})
    if "forget" in _MODEL:
        _MODEL["forget"]()


def route(
    community: Area | None, target_deputy: Deputy | None, target_station: Station | None
) -> tuple[int | None, int | None]:
    """(deputy id, station id): the chosen deputy/station first; else the community's station
    and one of its deputies at random (an even spread without counting the station's cases at
    every intake). Ids, not rows: intake needs no more."""
    if target_deputy is not None:
        if target_station is not None:
            return target_deputy.pk, target_station.pk
        station_id = (
            target_deputy.stations.filter(is_active=True)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        return target_deputy.pk, station_id
    if target_station is not None:
        station_id = target_station.pk
        deputy_ids = tuple(
            target_station.deputies.filter(status="serving")
            .order_by("id")
            .values_list("id", flat=True)
        )
    elif community is not None and community.pk in _service_map():
        station_id, deputy_ids = _service_map()[community.pk]
    else:
        return None, None
    return (secrets.choice(deputy_ids) if deputy_ids else None), station_id


NEAREST_STATION_KM = 5.0


def _km(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance (haversine), good to metres at a city's scale."""
    from math import asin, cos, radians, sin, sqrt

    dlat, dlong = radians(lat2 - lat1), radians(long2 - long1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlong / 2) ** 2
    return 6371.0 * 2 * asin(sqrt(a))


def place_for(
    address: str, lat: float | None, long: float | None
) -> tuple[Area | None, Station | None]:
    """Where a request from an outside system (Open311) belongs: the community named in its
    address; else the active station nearest its lat/long (within 5 km) and the community it
    serves. (None, None) leaves it to the committee's triage."""
    text = address.strip()
    if text:
        for community in sorted(
            Area.objects.filter(level=5).only("pk", "name", "level"), key=lambda a: -len(a.name)
        ):
            if len(community.name) >= 2 and community.name in text:
                return community, None
    if lat is None or long is None:
        return None, None
    best: tuple[float, Station] | None = None
    for station in Station.objects.filter(
        is_active=True, latitude__isnull=False, longitude__isnull=False
    ):
        km = _km(lat, long, float(station.latitude), float(station.longitude))  # type: ignore[arg-type]
        if km <= NEAREST_STATION_KM and (best is None or km < best[0]):
            best = (km, station)
    if best is None:
        return None, None
    station = best[1]
    served = station.communities.filter(level=5).order_by("code").first()
    return served, (None if served else station)
