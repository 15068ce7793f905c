"""Public pages: a station's rota, this week's duty by area, booking, feeds, the map."""

from __future__ import annotations

import hmac
import io
from datetime import datetime, time, timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.choices import Role
from lianxi.core.refusals import attempt
from lianxi.directory.models import Area, Deputy, Station
from lianxi.liaison import actions
from lianxi.liaison.calendar import shift_item
from lianxi.liaison.choices import Attendance, BookingStatus, ShiftStatus
from lianxi.liaison.forms import BookingForm
from lianxi.liaison.ical import deputy_token, feed
from lianxi.liaison.mapdata import map_payload
from lianxi.liaison.models import Booking, Duty, Shift, Subscription

FEED_PAST = timedelta(days=90)
FEED_AHEAD = timedelta(days=180)


def _station(station_id: int) -> Station:
    station = Station.objects.public().filter(pk=station_id).first()
    if station is None:
        raise Http404
    return station


def upcoming(stations: Any, days: int = 28, since: datetime | None = None) -> list[Shift]:
    now = since or timezone.now()
    shifts = (
        Shift.objects.public()
        .filter(station__in=stations, ends_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .select_related("station")
        .order_by("starts_at")
    )
    result = list(shifts)
    duties: dict[int, list[str]] = {}
    for shift_id, name in (
        Duty.objects.filter(shift__in=result)
        .exclude(attendance=Attendance.RELEASED)
        .values_list("shift_id", "deputy__name")
    ):
        duties.setdefault(shift_id, []).append(name)
    for shift in result:
        shift.on_duty = duties.get(shift.pk, [])  # type: ignore[attr-defined]
    return result


@require_safe
def station_rota(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    following = (
        request.user.is_authenticated
        and Subscription.objects.filter(user=request.user, station=station).exists()
    )
    context = {"station": station, "shifts": upcoming([station]), "following": following}
    return render(request, "liaison/public/rota.html", context)


@require_safe
def this_week(request: HttpRequest) -> HttpResponse:
    """Who is on duty where this week, for a district (or the whole city)."""
    districts = Area.objects.filter(level=3).order_by("code")
    area = None
    area_id = request.GET.get("area", "")
    if area_id.isdigit():
        area = Area.objects.filter(pk=int(area_id), level__lte=4).first()
    stations = Station.objects.public()
    if area is not None:
        stations = stations.filter(area__prefix__startswith=area.prefix)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    shifts = upcoming(stations, days=7, since=start)  # the whole week, past days too
    context = {
        "districts": districts,
        "area": area,
        "shifts": shifts,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
    }
    return render(request, "liaison/public/week.html", context)


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = Shift.objects.public().select_related("station").filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    user: Any = request.user
    initial = {}
    if user.is_authenticated and user.role == Role.CITIZEN:
        initial = {"name": user.display_name, "phone": user.phone}
    form = BookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = user if user.is_authenticated and user.role == Role.CITIZEN else AnonymousUser()
        done = attempt(
            request,
            lambda: actions.book_place(
                actor, shift=shift, name=data["name"], phone=data["phone"], topic=data["topic"]
            ),
            form,
        )
        if done.ok:
            return render(
                request, "liaison/public/booked.html", {"booking": done.result, "shift": shift}
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "liaison/public/book.html", {"shift": shift, "form": form}, status=status
    )


@require_POST
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = (
        Booking.objects.filter(
            pk=booking_id,
            citizen_id=getattr(request.user, "pk", None) or -1,
            status=BookingStatus.BOOKED,
        )
        .select_related("shift__station")
        .first()
    )
    if booking is None:
        raise Http404
    attempt(
        request,
        lambda: actions.cancel_booking(request.user, booking=booking),
        success=_("Your booking was cancelled."),
    )
    return redirect("liaison:station_rota", booking.shift.station_id)


@require_POST
def follow(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    user: Any = request.user
    if not user.is_authenticated or user.role != Role.CITIZEN:
        return redirect(reverse("accounts:login") + "?next=" + request.path)
    attempt(request, lambda: actions.toggle_subscription(user, station=station))
    return redirect("liaison:station_rota", station.pk)


@require_POST
def follow_deputy(request: HttpRequest, deputy_id: int) -> HttpResponse:
    """Hear when this deputy is on duty at any station (citizens only)."""
    deputy = Deputy.objects.public().filter(pk=deputy_id).first()
    if deputy is None:
        raise Http404
    user: Any = request.user
    page = reverse("portal:deputy", args=[deputy.pk])
    if not user.is_authenticated or user.role != Role.CITIZEN:
        return redirect(reverse("accounts:citizen_login") + "?next=" + page)
    done = attempt(request, lambda: actions.toggle_deputy_subscription(user, deputy=deputy))
    if done.ok:
        messages.success(
            request,
            _("You will be told before %(name)s is on duty.") % {"name": deputy.name}
            if done.result
            else _("You no longer follow %(name)s's duty days.") % {"name": deputy.name},
        )
    return redirect(page)


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, station_id: int) -> HttpResponse:
    """Where the station's duty QR code points: a signed-in deputy checks in."""
    station = _station(station_id)
    user: Any = request.user
    if not user.is_authenticated:
        return redirect(reverse("accounts:login") + "?next=" + request.path)
    duty = None
    if request.method == "POST":
        duty = attempt(request, lambda: actions.check_in(user, station=station)).result
    return render(request, "liaison/public/check_in.html", {"station": station, "duty": duty})


@require_safe
def deputy_qr(request: HttpRequest, deputy_id: int) -> HttpResponse:
    """码上见代表: a QR code opening the intake page addressed to this deputy."""
    deputy = Deputy.objects.public().filter(pk=deputy_id).first()
    if deputy is None:
        raise Http404
    url = request.build_absolute_uri(reverse("cases:new") + f"?deputy={deputy.pk}")
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="deputy-{deputy.pk}-qr.svg"'
    return response


def _calendar(name: str, shifts: Any, request: HttpRequest) -> HttpResponse:
    body = feed(name, [shift_item(s) for s in shifts], request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_safe
def deputy_feed(request: HttpRequest, deputy_id: int, token: str) -> HttpResponse:
    deputy = Deputy.objects.filter(pk=deputy_id).first()
    if deputy is None or not hmac.compare_digest(token, deputy_token(deputy.pk)):
        raise Http404
    now = timezone.now()
    shifts = (
        Shift.objects.filter(
            duties__deputy=deputy, starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD
        )
        .exclude(
            pk__in=Duty.objects.filter(deputy=deputy, attendance=Attendance.RELEASED).values(
                "shift_id"
            )
        )
        .select_related("station")
        .order_by("starts_at")
        .distinct()
    )
    return _calendar(_("Duty shifts of %(name)s") % {"name": deputy.name}, shifts, request)


@require_safe
def station_feed(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    now = timezone.now()
    shifts = Shift.objects.filter(
        station=station,
        starts_at__gte=now - FEED_PAST,
        starts_at__lt=now + FEED_AHEAD,
        status=ShiftStatus.SCHEDULED,
    ).select_related("station")
    return _calendar(_("Duty rota of %(name)s") % {"name": station.name}, shifts, request)


@require_safe
def station_map(request: HttpRequest) -> HttpResponse:
    return render(request, "liaison/public/map.html", {})


@require_safe
def map_data(request: HttpRequest) -> JsonResponse:
    source = getattr(settings, "LIAISON_MAP_OUTLINES", "")
    return JsonResponse(map_payload(source))
