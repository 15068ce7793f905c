"""Public directory: areas, deputies, stations, departments, categories."""
# No `from __future__ import annotations`: @paginate resolves parameter types in its own module.

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from lianxi.api.bounds import Id, Pages, Small
from lianxi.api.problems import answers
from lianxi.directory.models import Area, Category, Department, Deputy, Station

router = Router(tags=["directory"])


class AreaOut(Schema):
    id: int
    code: str
    name: str
    full_name: str
    level: int
    parent_id: int | None


class DeputyOut(Schema):
    """Public fields only: contact details are personal data and never leave here."""

    id: int
    name: str
    level: str
    term: int
    constituency: str
    delegation: str
    sector: str
    occupation: str
    expertise: list[str]
    bio: str
    station_ids: list[int]

    @staticmethod
    def resolve_constituency(obj: Deputy) -> str:
        return obj.constituency.full_name

    @staticmethod
    def resolve_expertise(obj: Deputy) -> list[str]:
        return [e.name for e in obj.expertise.all()]

    @staticmethod
    def resolve_station_ids(obj: Deputy) -> list[int]:
        return [s.pk for s in obj.stations.all()]


class StationOut(Schema):
    id: int
    name: str
    kind: str
    area: str
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    phone: str
    deputy_ids: list[int]
    community_ids: list[int]

    @staticmethod
    def resolve_area(obj: Station) -> str:
        return obj.area.full_name

    @staticmethod
    def resolve_deputy_ids(obj: Station) -> list[int]:
        return [d.pk for d in obj.deputies.all() if d.status == "serving"]

    @staticmethod
    def resolve_community_ids(obj: Station) -> list[int]:
        return [c.pk for c in obj.communities.all()]


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    area: str
    phone: str

    @staticmethod
    def resolve_area(obj: Department) -> str:
        return obj.area.full_name


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    level: int
    parent_id: int | None
    time_limit_days: int
    default_department_id: int | None


@router.get("/areas", response=list[AreaOut])
@paginate(Pages, page_size=100)
def list_areas(
    request: HttpRequest, parent: Id | None = None, level: Small | None = None, q: str = ""
) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if level is not None:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(name__contains=q[:30])
    return qs


def _deputies() -> QuerySet[Deputy]:
    return (
        Deputy.objects.public()
        .select_related("constituency")
        .prefetch_related("expertise", "stations")
    )


@router.get("/deputies", response=answers(list[DeputyOut], 404))
@paginate(Pages, page_size=50)
def list_deputies(
    request: HttpRequest, q: str = "", area: Id | None = None, level: str = ""
) -> QuerySet[Deputy]:
    qs = _deputies()
    if q:
        qs = qs.filter(Q(name__contains=q[:30]) | Q(occupation__contains=q[:30]))
    if area is not None:
        prefix = get_object_or_404(Area, pk=area).prefix
        qs = qs.filter(constituency__prefix__startswith=prefix)
    if level:
        qs = qs.filter(level=level)
    return qs


@router.get("/deputies/{deputy_id}", response=answers(DeputyOut, 404))
def get_deputy(request: HttpRequest, deputy_id: Id) -> Deputy:
    return get_object_or_404(_deputies(), pk=deputy_id)


def _stations() -> QuerySet[Station]:
    return (
        Station.objects.public().select_related("area").prefetch_related("deputies", "communities")
    )


@router.get("/stations", response=answers(list[StationOut], 404))
@paginate(Pages, page_size=50)
def list_stations(
    request: HttpRequest, q: str = "", area: Id | None = None, community: Id | None = None
) -> QuerySet[Station]:
    qs = _stations()
    if q:
        qs = qs.filter(Q(name__contains=q[:30]) | Q(address__contains=q[:30]))
    if area is not None:
        prefix = get_object_or_404(Area, pk=area).prefix
        qs = qs.filter(area__prefix__startswith=prefix)
    if community is not None:
        qs = qs.filter(communities=community)
    return qs


@router.get("/stations/{station_id}", response=answers(StationOut, 404))
def get_station(request: HttpRequest, station_id: Id) -> Station:
    return get_object_or_404(_stations(), pk=station_id)


@router.get("/departments", response=list[DepartmentOut])
@paginate(Pages, page_size=100)
def list_departments(request: HttpRequest, kind: str = "") -> QuerySet[Department]:
    qs = Department.objects.filter(is_active=True).select_related("area")
    return qs.filter(kind=kind) if kind else qs


@router.get("/categories", response=list[CategoryOut])
def list_categories(request: HttpRequest) -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("code")
