"""Who stands in which relation to an object: the recipients the rules name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Min

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Department
from lianxi.notifications.send import Recipient


def citizen_of(case: Any) -> list[Recipient]:
    """The citizen: their account (in-app, and SMS by preference) and the case's contact
    phone (SMS), one recipient when both are theirs."""
    if case.citizen_id:
        return [Recipient(user=case.citizen, phone=case.contact_phone or "")]
    if case.contact_phone:
        return [Recipient(phone=case.contact_phone)]
    return []


def deputy_of(case: Any) -> list[User]:
    deputy = case.deputy
    return [deputy.user] if deputy is not None and deputy.user_id else []


def handlers_of(departments: Iterable[Department]) -> list[User]:
    ids = [d.pk for d in departments]
    return list(User.objects.filter(departments__in=ids, is_active=True).distinct().order_by("pk"))


def lead_handlers(case: Any, statuses: Iterable[str] = ("pending", "accepted")) -> list[User]:
    leads = case.referrals.filter(role="lead", status__in=list(statuses))
    return handlers_of(Department.objects.filter(pk__in=leads.values("department_id")))


def place_of(case: Any) -> Area | None:
    if case.community_id:
        return case.community
    if case.station_id:
        return case.station.area
    if case.deputy_id:
        return case.deputy.constituency
    return None


def committee_for(area: Area | None) -> list[User]:
    """Committee staff whose jurisdiction holds `area`; for a matter with no place yet, the
    staff at the top of the committee (the widest jurisdiction), who triage it."""
    staff = User.objects.filter(role=Role.COMMITTEE, is_active=True, jurisdiction__isnull=False)
    if area is not None:
        prefixes = {area.prefix[:n] for n in range(1, len(area.prefix) + 1)}
        return list(staff.filter(jurisdiction__prefix__in=prefixes).order_by("pk"))
    top = staff.aggregate(level=Min("jurisdiction__level"))["level"]
    return list(staff.filter(jurisdiction__level=top).order_by("pk")) if top else []


def committee_of(case: Any) -> list[User]:
    return committee_for(place_of(case))
