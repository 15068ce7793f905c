"""Who may do what in the liaison app."""

from __future__ import annotations

from typing import Any

from lianxi.core.choices import Role
from lianxi.directory.models import Deputy, Station
from lianxi.liaison.models import Visit


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_station(user: Any, station: Station) -> bool:
    """Rota, attendance, requests and receptions: the station's staff (and administrators)."""
    if not _active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.STATION_STAFF and station.staff.filter(pk=user.pk).exists()


def deputy_of(user: Any) -> Deputy | None:
    if not _active(user) or user.role != Role.DEPUTY:
        return None
    return Deputy.objects.filter(user=user, status="serving").first()


def can_edit_visit(user: Any, visit: Visit) -> bool:
    """Only the deputy who logged it, while it is not approved."""
    deputy = deputy_of(user)
    return deputy is not None and visit.author_id == deputy.pk and visit.status != "approved"


def can_list_visits(user: Any) -> bool:
    """The visits log: deputies, their stations' staff, committee staff and administrators
    (a citizen or a department handler has no visits to list)."""
    return _active(user) and user.role in {
        Role.DEPUTY,
        Role.STATION_STAFF,
        Role.COMMITTEE,
        Role.ADMIN,
    }


def can_review_visits(user: Any) -> bool:
    return _active(user) and user.role in {Role.COMMITTEE, Role.ADMIN}


def can_set_rules(user: Any) -> bool:
    return _active(user) and user.role in {Role.COMMITTEE, Role.ADMIN}


def can_see_compliance(user: Any) -> bool:
    return _active(user) and user.role in {
        Role.COMMITTEE,
        Role.ADMIN,
        Role.STATION_STAFF,
        Role.DEPUTY,
    }


def can_read_visit_notes(user: Any, visit: Visit) -> bool:
    """Need to know for what a visit's record says (phone and ID numbers people gave): the
    deputies who made the visit. Reviewers, staff and administrators read those masked."""
    deputy = deputy_of(user)
    if deputy is None:
        return False
    return visit.author_id == deputy.pk or any(d.pk == deputy.pk for d in visit.deputies.all())


def can_read_reception_notes(user: Any, station: Station) -> bool:
    """The staff of the station, who keep its reception record; an administrator (who may
    open the desk) reads it masked."""
    return (
        _active(user)
        and user.role == Role.STATION_STAFF
        and station.staff.filter(pk=user.pk).exists()
    )
