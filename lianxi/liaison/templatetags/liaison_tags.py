"""Template tags the shared layout uses: the app's navigation links and its workbench panel,
plus the station rota and deputy QR cards on the portal's pages."""

from datetime import timedelta
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from lianxi.core.choices import Role
from lianxi.core.qr import inline_svg
from lianxi.liaison.choices import Attendance, RequestStatus, VisitStatus
from lianxi.liaison.models import DeputySubscription, Duty, DutyRequest, Shift, Visit

register = template.Library()


@register.inclusion_tag("liaison/_nav.html", takes_context=True)
def liaison_nav(context: dict[str, Any]) -> dict[str, Any]:
    """Dropdown items (<li><a class="dropdown-item">) for the signed-in user's role."""
    user = context["request"].user
    return {"user": user, "role": getattr(user, "role", "") if user.is_authenticated else ""}


@register.inclusion_tag("liaison/_workbench_panel.html", takes_context=True)
def liaison_panel(context: dict[str, Any]) -> dict[str, Any]:
    """A card on the user's workbench, or nothing for roles the app does not serve."""
    user = context["request"].user
    role = getattr(user, "role", "")
    if not user.is_authenticated or role not in {
        Role.DEPUTY,
        Role.STATION_STAFF,
        Role.COMMITTEE,
        Role.ADMIN,
    }:
        return {"panel": None}
    now = timezone.now()
    week = Shift.objects.visible_to(user).filter(
        starts_at__gte=now, starts_at__lt=now + timedelta(days=7), status="scheduled"
    )
    if role == Role.DEPUTY:
        shifts = (
            Duty.objects.filter(deputy__user=user, shift__in=week)
            .exclude(attendance=Attendance.RELEASED)
            .count()
        )
        return {"panel": {"shifts": shifts, "requests": None, "visits": None}}
    requests = (
        DutyRequest.objects.filter(
            status=RequestStatus.PENDING, duty__shift__station__staff=user
        ).count()
        if role == Role.STATION_STAFF
        else None
    )
    visits = (
        Visit.objects.visible_to(user).filter(status=VisitStatus.SUBMITTED).count()
        if role != Role.STATION_STAFF
        else None
    )
    return {"panel": {"shifts": week.count(), "requests": requests, "visits": visits}}


@register.inclusion_tag("liaison/_station_rota.html")
def liaison_station_rota(station: Any) -> dict[str, Any]:
    """The next two weeks of a station's rota, for the station's public page."""
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(
            station=station,
            status="scheduled",
            ends_at__gte=now,
            starts_at__lt=now + timedelta(days=14),
        ).order_by("starts_at")[:10]
    )
    names: dict[int, list[str]] = {}
    for shift_id, name in (
        Duty.objects.filter(shift__in=shifts)
        .exclude(attendance=Attendance.RELEASED)
        .values_list("shift_id", "deputy__name")
    ):
        names.setdefault(shift_id, []).append(name)
    for shift in shifts:
        shift.on_duty = names.get(shift.pk, [])  # type: ignore[attr-defined]
    return {"station": station, "shifts": shifts}


@register.inclusion_tag("liaison/_deputy_qr.html", takes_context=True)
def liaison_deputy_qr(context: dict[str, Any], deputy: Any) -> dict[str, Any]:
    """码上见代表: a QR code opening the intake page addressed to this deputy."""
    request = context["request"]
    url = request.build_absolute_uri(reverse("cases:new") + f"?deputy={deputy.pk}")
    return {"deputy": deputy, "qr_svg": inline_svg(url)}


@register.inclusion_tag("liaison/_deputy_duty.html", takes_context=True)
def liaison_deputy_duty(context: dict[str, Any], deputy: Any) -> dict[str, Any]:
    """A deputy's next duty days (four weeks) and a button to hear of them in advance."""
    now = timezone.now()
    duties = list(
        Duty.objects.filter(
            deputy=deputy,
            shift__status="scheduled",
            shift__ends_at__gte=now,
            shift__starts_at__lt=now + timedelta(days=28),
        )
        .exclude(attendance=Attendance.RELEASED)
        .select_related("shift__station")
        .order_by("shift__starts_at")[:6]
    )
    user = context["request"].user
    following = (
        user.is_authenticated
        and DeputySubscription.objects.filter(user=user, deputy=deputy).exists()
    )
    return {"deputy": deputy, "duties": duties, "following": following}


@register.inclusion_tag("liaison/_station_photos.html")
def liaison_station_photos(station: Any) -> dict[str, Any]:
    """The station's photos on its public page (nothing when it has none)."""
    from lianxi.liaison.models import StationPhoto

    return {"station": station, "photos": list(StationPhoto.objects.filter(station=station))}
