"""Directory actions: Excel import and export, and who works at which station.

Every function here is an audited action (architecture.md rule 1): one transaction, the
acting user first, permission checked here, at least one audit event written.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.directory import excel
from lianxi.directory.excel import KINDS, ImportResult
from lianxi.directory.models import Area, Department, Deputy, Station
from lianxi.directory.policies import can_export_contact, can_manage_area, can_manage_directory

__all__ = [
    "KINDS",
    "ImportResult",
    "attach_deputy",
    "detach_deputy",
    "export_directory",
    "import_directory",
    "set_station_staff",
]

MODELS: dict[str, type[models.Model]] = {
    excel.DEPUTIES: Deputy,
    excel.STATIONS: Station,
    excel.DEPARTMENTS: Department,
}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(_("Unknown kind of record."), field="kind")


def _scope(actor: Any) -> Area | None:
    """The area an actor may manage: None (everywhere) for administrators."""
    if not can_manage_directory(actor):
        raise NotAllowed(_("You may not manage the directory."))
    if actor.role == Role.ADMIN:
        return None
    if actor.jurisdiction is None:
        raise NotAllowed(_("Your account has no jurisdiction."))
    return actor.jurisdiction


@action("directory.import")
def import_directory(actor: Any, *, kind: str, data: bytes) -> ImportResult:
    """Import an xlsx file of deputies, stations or departments, all rows or none.

    Committee staff may only touch records inside their jurisdiction. A refused file is
    returned with its errors (and audited as failed), not raised.
    """
    _check_kind(kind)
    scope = _scope(actor)
    result = excel.import_workbook(kind, data, scope=scope)
    log(
        actor,
        "directory.import",
        None,
        {
            "kind": kind,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
        },
        outcome="ok" if result.ok else "failed",
    )
    return result


@action("directory.export")
def export_directory(actor: Any, *, kind: str, include_contact: bool = False) -> bytes:
    """An xlsx file of the records the actor may see; deputies' phone and email are masked
    unless `include_contact` (administrators and committee staff, audited as a reveal)."""
    _check_kind(kind)
    if not can_manage_directory(actor):
        raise NotAllowed(_("You may not export the directory."))
    if include_contact and not can_export_contact(actor):
        raise NotAllowed(_("You may not export contact details."))
    queryset = MODELS[kind].objects.visible_to(actor)  # type: ignore[attr-defined]
    content, rows = excel.export_workbook(kind, actor, queryset, include_contact=include_contact)
    log(actor, "directory.export", None, {"kind": kind, "rows": rows, "contact": include_contact})
    if include_contact and kind == excel.DEPUTIES:
        log(
            actor,
            "directory.reveal_contact",
            None,
            {"kind": kind, "rows": rows, "fields": ["phone", "email"], "via": "export"},
        )
    return content


def _check_station(actor: Any, station: Station) -> Area | None:
    scope = _scope(actor)
    if not can_manage_area(actor, station.area):
        raise NotAllowed(_("This station is outside your jurisdiction."))
    return scope


@action("directory.attach_deputy")
def attach_deputy(actor: Any, *, station: Station, deputy: Deputy) -> None:
    """Attach a deputy to a station. Committee staff: the station must lie in their
    jurisdiction, and the deputy's constituency inside it or enclosing the station."""
    scope = _check_station(actor, station)
    if not excel.deputy_may_serve(scope, deputy.constituency, station.area):
        raise NotAllowed(_("This deputy is outside your jurisdiction."))
    already = station.deputies.filter(pk=deputy.pk).exists()
    if not already:
        station.deputies.add(deputy)
    log(actor, "directory.attach_deputy", station, {"deputy": deputy.pk, "changed": not already})


@action("directory.detach_deputy")
def detach_deputy(actor: Any, *, station: Station, deputy: Deputy) -> None:
    _check_station(actor, station)
    attached = station.deputies.filter(pk=deputy.pk).exists()
    if attached:
        station.deputies.remove(deputy)
    log(actor, "directory.detach_deputy", station, {"deputy": deputy.pk, "changed": attached})


@action("directory.set_station_staff")
def set_station_staff(actor: Any, *, station: Station, user: Any, add: bool) -> None:
    """Add or remove a station staff account from a station."""
    _check_station(actor, station)
    if add and user.role != Role.STATION_STAFF:
        raise InvalidInput(_("Only station staff accounts can work at a station."), field="user")
    present = station.staff.filter(pk=user.pk).exists()
    if add and not present:
        station.staff.add(user)
    elif not add and present:
        station.staff.remove(user)
    log(
        actor,
        "directory.set_station_staff",
        station,
        {"user": user.pk, "add": add, "changed": present != add},
    )
