"""`access_*` helpers: the same 404 for missing and forbidden."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.directory.access import access_station
from lianxi.directory.models import Station
from lianxi.liaison.models import Duty, DutyPattern, DutyRequest, Shift, Visit
from lianxi.liaison.policies import can_manage_station, deputy_of


def access_managed_station(user: Any, station_id: int) -> Station:
    """A station whose rota the user runs (its staff, administrators)."""
    station = access_station(user, station_id)
    if not can_manage_station(user, station):
        raise Http404
    return station


def access_managed_pattern(user: Any, pattern_id: int) -> DutyPattern:
    pattern = DutyPattern.objects.select_related("station").filter(pk=pattern_id).first()
    if pattern is None or not can_manage_station(user, pattern.station):
        raise Http404
    return pattern


def access_shift(user: Any, shift_id: int) -> Shift:
    shift = Shift.objects.visible_to(user).select_related("station").filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    return shift


def access_own_duty(user: Any, duty_id: int) -> Duty:
    deputy = deputy_of(user)
    duty = Duty.objects.select_related("shift__station").filter(pk=duty_id).first()
    if deputy is None or duty is None or duty.deputy_id != deputy.pk:
        raise Http404
    return duty


def access_request(user: Any, request_id: int) -> DutyRequest:
    req = (
        DutyRequest.objects.select_related("duty__shift__station", "swap_with")
        .filter(pk=request_id)
        .first()
    )
    if req is None or not can_manage_station(user, req.duty.shift.station):
        raise Http404
    return req


def access_visit(user: Any, visit_id: int) -> Visit:
    visit = (
        Visit.objects.visible_to(user)
        .select_related("author", "community")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404
    return visit
