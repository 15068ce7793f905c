"""The part of the statistics a user may read: missing and forbidden give the same 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.directory.models import Department, Deputy, Station
from lianxi.stats.policies import can_see_dashboard


@dataclass(frozen=True)
class Scope:
    """`kind` is "all" (administrators, the public page), "area" (committee staff: cases whose
    place lies in `prefix`), or "deputy" / "station" / "department" (only those rows' own
    figures, from the per-entity tables)."""

    kind: str
    prefix: str = ""
    ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def by_area(self) -> bool:
        return self.kind in {"all", "area"}


PUBLIC = Scope("all")


def scope_for(user: Any) -> Scope:
    if not can_see_dashboard(user):
        raise Http404
    role = user.role
    if role == Role.ADMIN:
        return Scope("all")
    if role == Role.COMMITTEE:
        area = user.jurisdiction
        if area is None:
            raise Http404
        return Scope("area", prefix=area.prefix)
    if role == Role.DEPUTY:
        ids = tuple(Deputy.objects.filter(user=user).values_list("pk", flat=True))
        kind = "deputy"
    elif role == Role.STATION_STAFF:
        ids = tuple(Station.objects.visible_to(user).values_list("pk", flat=True))
        kind = "station"
    else:
        ids = tuple(Department.objects.visible_to(user).values_list("pk", flat=True))
        kind = "department"
    if not ids:
        raise Http404
    return Scope(kind, ids=ids)


SCOPE_TABLE_LABELS = {
    "deputies": _("Deputies"),
    "stations": _("Stations"),
    "departments": _("Departments"),
}
