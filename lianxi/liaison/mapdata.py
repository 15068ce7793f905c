"""The offline station map: station points and area outlines as GeoJSON for ECharts.

Outlines come from a GeoJSON file when `settings.LIAISON_MAP_OUTLINES` names one (a real
city's boundaries); otherwise they are generated from the stations themselves: each district's
outline is the convex hull of its stations, padded, which is enough for the demo city and
needs no tile server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lianxi.directory.models import Area, Station

PAD = 0.01  # degrees around a generated outline


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _padded(points: list[tuple[float, float]]) -> list[list[float]]:
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    if len(points) < 3:
        return [
            [cx - PAD, cy - PAD],
            [cx + PAD, cy - PAD],
            [cx + PAD, cy + PAD],
            [cx - PAD, cy + PAD],
            [cx - PAD, cy - PAD],
        ]
    ring = []
    for x, y in points:
        dx, dy = x - cx, y - cy
        norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        ring.append([round(x + dx / norm * PAD, 6), round(y + dy / norm * PAD, 6)])
    return [*ring, ring[0]]


def generated_outlines(stations: list[dict[str, Any]]) -> dict[str, Any]:
    by_district: dict[str, list[tuple[float, float]]] = {}
    for s in stations:
        by_district.setdefault(s["district"], []).append((s["lng"], s["lat"]))
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [_padded(_hull(points))]},
        }
        for name, points in sorted(by_district.items())
    ]
    return {"type": "FeatureCollection", "features": features}


def map_payload(source: str = "") -> dict[str, Any]:
    districts = {a.prefix: a.name for a in Area.objects.filter(level=3)}
    stations = []
    for s in (
        Station.objects.public()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values("pk", "name", "latitude", "longitude", "area__prefix")
    ):
        prefix = s["area__prefix"][:6]
        stations.append(
            {
                "id": s["pk"],
                "name": s["name"],
                "lat": float(s["latitude"]),
                "lng": float(s["longitude"]),
                "district": districts.get(prefix, ""),
                "url": f"/liaison/stations/{s['pk']}/rota/",
            }
        )
    if source and Path(source).is_file():
        outlines = json.loads(Path(source).read_text(encoding="utf-8"))
    else:
        outlines = generated_outlines(stations)
    return {"stations": stations, "outlines": outlines}
