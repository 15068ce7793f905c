"""Who may do what to directory records (one policy per model)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lianxi.core.choices import Role
from lianxi.directory.models import Area, Department, Deputy, Station


def can_manage_directory(user: Any) -> bool:
    """Import, export and edit deputies, stations and departments."""
    return bool(
        user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.COMMITTEE}
    )


def can_manage_area(user: Any, area: Area | None) -> bool:
    if not can_manage_directory(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return bool(user.jurisdiction and area is not None and user.jurisdiction.contains(area))


def can_see_deputy_contact(user: Any, deputy: Deputy) -> bool:
    """A deputy's phone and email: the deputy, their stations' staff, committee, admin."""
    return deputy.pk in deputy_contact_visible_ids(user, [deputy])


def deputy_contact_visible_ids(user: Any, deputies: Iterable[Deputy]) -> set[int]:
    """Of `deputies`, those whose phone and email this user may see (one query for a list)."""
    ids = [d.pk for d in deputies]
    return set(Deputy.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def can_view_station(user: Any, station: Station) -> bool:
    return Station.objects.visible_to(user).filter(pk=station.pk).exists()


def can_view_department(user: Any, department: Department) -> bool:
    return Department.objects.visible_to(user).filter(pk=department.pk).exists()


def can_export_contact(user: Any) -> bool:
    """Full deputy phone numbers and emails in an export: administrators and committee staff."""
    return bool(
        user.is_authenticated and user.is_active and user.role in {Role.ADMIN, Role.COMMITTEE}
    )
