"""Who may do what with consultations."""

from __future__ import annotations

from typing import Any

from lianxi.committee.policies import can_manage as committee_can_manage
from lianxi.committee.policies import is_committee_staff
from lianxi.core.choices import Role


def is_legislative_staff(user: Any) -> bool:
    """Committee staff with a jurisdiction (the legislative affairs office) and administrators."""
    return is_committee_staff(user)


def can_manage(user: Any, consultation: Any) -> bool:
    """Staff may run a consultation organised within their jurisdiction."""
    return committee_can_manage(user, consultation)


def runs_contact_point(user: Any, contact_point: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.STATION_STAFF
        and contact_point.is_active
        and contact_point.station.staff.filter(pk=user.pk).exists()
    )


def is_contact_point_staff(user: Any) -> bool:
    from lianxi.legislation.models import ContactPoint

    return ContactPoint.objects.run_by(user).exists()
