"""Public pages: no sign-in, public fields only (never a deputy's contact, never a citizen)."""

from __future__ import annotations

import io

import segno
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lianxi.core.choices import CongressLevel
from lianxi.core.collation import by_pinyin
from lianxi.core.home import sections
from lianxi.core.qr import inline_svg
from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Station
from lianxi.portal import queries
from lianxi.portal.rendering import clean_id, clean_query, paginate, render_page
from lianxi.publicity import showcase

PER_PAGE = 24  # deputies: 2 columns on phones, up to 4 on desktops
STATIONS_PER_PAGE = 12  # station cards are taller


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": queries.home_counts(),
        "stations": list(queries.public_stations()[:6]),
        "work": showcase.home(),
        "sections": sections(),
    }
    return render(request, "portal/home.html", context)


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """District → street → community (or a typed name) → who serves that community."""
    community_id = clean_id(request, "community")
    query = clean_query(request)
    if not request.GET:
        # A signed-in resident who told us where they live starts with their community.
        community_id = getattr(request.user, "home_community_id", None)
    community = queries.community(community_id)
    if community is not None:
        street_id: int | None = community.parent_id
        district_id: int | None = community.parent.parent_id if community.parent else None
    else:
        district_id = clean_id(request, "district")
        street_id = clean_id(request, "street")
    streets = list(queries.children(district_id, AreaLevel.STREET))
    if street_id not in {s.pk for s in streets}:
        street_id = None
    communities = list(queries.children(street_id, AreaLevel.COMMUNITY))
    context = {
        "districts": queries.districts(),
        "streets": streets,
        "communities": communities,
        "district_id": district_id,
        "street_id": street_id,
        "community": community,
        "service": queries.community_service(community) if community else None,
        "q": query,
        "matches": queries.search_communities(query) if query else [],
        "searched": bool(query),
    }
    return render_page(request, "portal/find.html", context, {"find": "find"})


@require_safe
def find_streets(request: HttpRequest) -> HttpResponse:
    """htmx: the `<option>`s of the street select for a district (and a reset community select)."""
    context = {
        "areas": queries.children(clean_id(request, "district"), AreaLevel.STREET),
        "reset_communities": True,
    }
    return render(request, "portal/find.html#options", context)


@require_safe
def find_communities(request: HttpRequest) -> HttpResponse:
    """htmx: the `<option>`s of the community select for a street."""
    context = {"areas": queries.children(clean_id(request, "street"), AreaLevel.COMMUNITY)}
    return render(request, "portal/find.html#options", context)


@require_safe
def find_search(request: HttpRequest) -> HttpResponse:
    """htmx: communities matching the typed name, as a list of links."""
    query = clean_query(request)
    context = {
        "q": query,
        "matches": queries.search_communities(query),
        "searched": bool(query),
    }
    return render(request, "portal/find.html#matches", context)


@require_safe
def deputies(request: HttpRequest) -> HttpResponse:
    query = clean_query(request)
    district_id = clean_id(request, "district")
    level = request.GET.get("level") or ""
    qs = queries.public_deputies()
    if query:
        qs = qs.filter(name__contains=query)
    district = queries.districts().filter(pk=district_id).first() if district_id else None
    if district is not None:
        qs = qs.filter(constituency__prefix__startswith=district.prefix)
    # From "find": the deputies elected in a constituency containing this community.
    community = queries.community(clean_id(request, "community"))
    if community is not None:
        qs = qs.filter(pk__in=queries.deputies_elected_in(community).values("pk"))
    if level in CongressLevel.values:
        qs = qs.filter(level=level)
    else:
        level = ""
    context = {
        # By pinyin, as a printed directory (a few hundred deputies: sorted here, not in SQL).
        "page": paginate(request, by_pinyin(qs, lambda d: d.name, person=True), PER_PAGE),
        "q": query,
        "district": district,
        "districts": queries.districts(),
        "level": level,
        "levels": CongressLevel.choices,
        "community": community,
        "filtered": bool(query or district or level or community),
    }
    return render_page(request, "portal/deputies.html", context, {"results": "results"})


@require_safe
def deputy(request: HttpRequest, deputy_id: int) -> HttpResponse:
    """A serving deputy's public page; resigned and recalled deputies are not public (404)."""
    obj = queries.public_deputies().prefetch_related("expertise").filter(pk=deputy_id).first()
    if obj is None:
        raise Http404
    stations = list(queries.public_stations().filter(deputies=obj).order_by("name"))
    return render(request, "portal/deputy.html", {"deputy": obj, "stations": stations})


@require_safe
def stations(request: HttpRequest) -> HttpResponse:
    query = clean_query(request)
    district_id = clean_id(request, "district")
    qs = queries.public_stations()
    if query:
        qs = qs.filter(
            Q(name__contains=query) | Q(address__contains=query) | Q(area__name__contains=query)
        )
    district = queries.districts().filter(pk=district_id).first() if district_id else None
    if district is not None:
        qs = qs.filter(area__prefix__startswith=district.prefix)
    context = {
        "page": paginate(request, qs, STATIONS_PER_PAGE),
        "q": query,
        "district": district,
        "districts": queries.districts(),
        "filtered": bool(query or district),
    }
    return render_page(request, "portal/stations.html", context, {"results": "results"})


def _public_station(station_id: int) -> Station:
    station = queries.public_stations().filter(pk=station_id).first()
    if station is None:
        raise Http404
    return station


def _station_url(request: HttpRequest, station: Station) -> str:
    return request.build_absolute_uri(reverse("portal:station", args=[station.pk]))


@require_safe
def station(request: HttpRequest, station_id: int) -> HttpResponse:
    obj = _public_station(station_id)
    communities = list(obj.communities.select_related("parent").order_by("code"))
    station_deputies = by_pinyin(
        queries.public_deputies().filter(stations=obj), lambda d: d.name, person=True
    )
    url = _station_url(request, obj)
    qr_svg = inline_svg(url)
    context = {
        "station": obj,
        "communities": communities,
        "deputies": station_deputies,
        "qr_svg": qr_svg,
        "page_url": url,
    }
    return render(request, "portal/station.html", context)


@require_safe
def station_qr(request: HttpRequest, station_id: int) -> HttpResponse:
    """The station's QR code as an SVG file, for printing on posters and door plates."""
    obj = _public_station(station_id)
    buffer = io.BytesIO()
    qr = segno.make(_station_url(request, obj), error="m")
    qr.save(buffer, kind="svg", scale=10, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="station-{obj.pk}-qr.svg"'
    return response
