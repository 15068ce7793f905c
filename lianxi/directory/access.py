"""`access_*` helpers: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.directory.models import Department, Deputy, Station


def access_station(user: Any, station_id: int) -> Station:
    station = Station.objects.visible_to(user).filter(pk=station_id).first()
    if station is None:
        raise Http404
    return station


def access_department(user: Any, department_id: int) -> Department:
    department = Department.objects.visible_to(user).filter(pk=department_id).first()
    if department is None:
        raise Http404
    return department


def access_deputy(user: Any, deputy_id: int) -> Deputy:
    deputy = Deputy.objects.visible_to(user).filter(pk=deputy_id).first()
    if deputy is None:
        raise Http404
    return deputy
