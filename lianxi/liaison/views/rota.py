"""The rota: a station's patterns and shifts (staff), a deputy's duties and requests."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.core.choices import Role
from lianxi.core.qr import inline_svg
from lianxi.core.refusals import attempt
from lianxi.directory.access import access_station
from lianxi.directory.models import Station
from lianxi.liaison import actions
from lianxi.liaison.access import (
    access_managed_pattern,
    access_managed_station,
    access_own_duty,
    access_request,
)
from lianxi.liaison.choices import Attendance, RequestStatus, VisitStatus
from lianxi.liaison.forms import GenerateForm, PatternForm, RequestForm, ShiftForm
from lianxi.liaison.ical import deputy_token
from lianxi.liaison.models import Duty, DutyPattern, DutyRequest, Shift, StationPhoto, Visit
from lianxi.liaison.policies import can_manage_station, deputy_of
from lianxi.liaison.views.common import signed_in


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    now = timezone.now()
    if user.role == Role.DEPUTY:
        deputy = deputy_of(user)
        if deputy is None:
            raise Http404
        duties = list(
            Duty.objects.filter(deputy=deputy, shift__ends_at__gte=now - timedelta(days=30))
            .select_related("shift__station")
            .order_by("shift__starts_at")[:40]
        )
        pending = set(
            DutyRequest.objects.filter(duty__in=duties, status=RequestStatus.PENDING).values_list(
                "duty_id", flat=True
            )
        )
        forms = {
            d.pk: RequestForm(station=d.shift.station, deputy=deputy, prefix=f"r{d.pk}")
            for d in duties
            if d.shift.starts_at > now
            and d.pk not in pending
            and d.attendance != Attendance.RELEASED
        }
        rows = [(d, forms.get(d.pk), d.pk in pending) for d in duties]
        feed = request.build_absolute_uri(
            f"/liaison/ical/deputy/{deputy.pk}/{deputy_token(deputy.pk)}.ics"
        )
        return render(
            request, "liaison/work/deputy_home.html", {"deputy": deputy, "rows": rows, "feed": feed}
        )
    if user.role in {Role.STATION_STAFF, Role.ADMIN, Role.COMMITTEE}:
        stations = Station.objects.visible_to(user).order_by("name")[:200]
        requests = DutyRequest.objects.filter(
            status=RequestStatus.PENDING, duty__shift__station__in=Station.objects.visible_to(user)
        ).select_related("duty__deputy", "duty__shift__station", "swap_with")[:50]
        today = (
            Shift.objects.visible_to(user)
            .filter(starts_at__date=timezone.localdate())
            .select_related("station")
        )
        to_review = (
            Visit.objects.visible_to(user).filter(status=VisitStatus.SUBMITTED).count()
            if user.role != Role.STATION_STAFF
            else 0
        )
        return render(
            request,
            "liaison/work/staff_home.html",
            {
                "stations": stations,
                "requests": requests,
                "today": today,
                "to_review": to_review,
                "can_decide": user.role in {Role.STATION_STAFF, Role.ADMIN},
            },
        )
    raise Http404


def _managed(request: HttpRequest, station_id: int) -> Station:
    return access_managed_station(signed_in(request), station_id)


@require_safe
def station(request: HttpRequest, station_id: int) -> HttpResponse:
    obj = access_station(signed_in(request), station_id)
    manage = can_manage_station(request.user, obj)
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(station=obj, starts_at__gte=now - timedelta(days=7))
        .order_by("starts_at")
        .prefetch_related("duties__deputy")[:60]
    )
    return render(
        request,
        "liaison/work/station.html",
        {
            "station": obj,
            "manage": manage,
            "photos": list(StationPhoto.objects.filter(station=obj)) if manage else [],
            "shifts": shifts,
            "patterns": DutyPattern.objects.filter(station=obj).prefetch_related("deputies"),
            "pattern_form": PatternForm(station=obj, initial={"valid_from": timezone.localdate()}),
            "shift_form": ShiftForm(station=obj),
            "generate_form": GenerateForm(
                initial={
                    "start": timezone.localdate(),
                    "end": timezone.localdate() + timedelta(weeks=8),
                }
            ),
        },
    )


@require_safe
def check_in_poster(request: HttpRequest, station_id: int) -> HttpResponse:
    """A page to print and put up at the station: deputies on duty scan it to check in."""
    obj = _managed(request, station_id)
    url = request.build_absolute_uri(reverse("liaison:check_in", args=[obj.pk]))
    return render(
        request,
        "liaison/work/check_in_poster.html",
        {"station": obj, "qr_svg": inline_svg(url, scale=8), "url": url},
    )


@require_POST
def end_pattern(request: HttpRequest, pattern_id: int) -> HttpResponse:
    pattern = access_managed_pattern(signed_in(request), pattern_id)
    attempt(
        request,
        lambda: actions.end_pattern(request.user, pattern=pattern),
        success=_("The pattern is no longer in use; shifts already made stay."),
    )
    return redirect("liaison_work:station", pattern.station_id)


@require_POST
def new_pattern(request: HttpRequest, station_id: int) -> HttpResponse:
    obj = _managed(request, station_id)
    form = PatternForm(request.POST, station=obj)
    if form.is_valid():
        ok, _p = attempt(
            request,
            lambda: actions.save_pattern(request.user, station=obj, data=form.cleaned_data),
            form,
            _("The duty pattern was saved. Generate its shifts next."),
        )
        if ok:
            return redirect("liaison_work:station", obj.pk)
    return render(
        request,
        "liaison/work/form.html",
        {"form": form, "title": _("New duty pattern"), "station": obj},
        status=400,
    )


@require_POST
def generate(request: HttpRequest, pattern_id: int) -> HttpResponse:
    pattern = access_managed_pattern(signed_in(request), pattern_id)
    form = GenerateForm(request.POST)
    if form.is_valid():
        ok, shifts = attempt(
            request,
            lambda: actions.generate_shifts(
                request.user,
                pattern=pattern,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            ),
        )
        if ok:
            from django.contrib import messages

            messages.success(request, _("%(n)d shifts generated.") % {"n": len(shifts)})
    return redirect("liaison_work:station", pattern.station_id)


@require_http_methods(["POST"])
def new_shift(request: HttpRequest, station_id: int) -> HttpResponse:
    obj = _managed(request, station_id)
    form = ShiftForm(request.POST, station=obj)
    if form.is_valid():
        d = form.cleaned_data
        ok, _s = attempt(
            request,
            lambda: actions.add_shift(
                request.user,
                station=obj,
                kind=d["kind"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                deputies=d["deputies"],
                capacity=d["capacity"],
                title=d["title"],
            ),
            form,
            _("The shift was added."),
        )
        if ok:
            return redirect("liaison_work:station", obj.pk)
    return render(
        request,
        "liaison/work/form.html",
        {"form": form, "title": _("New shift"), "station": obj},
        status=400,
    )


@require_POST
def request_change(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = access_own_duty(signed_in(request), duty_id)
    deputy = duty.deputy
    form = RequestForm(
        request.POST, station=duty.shift.station, deputy=deputy, prefix=f"r{duty.pk}"
    )
    if form.is_valid():
        d = form.cleaned_data
        attempt(
            request,
            lambda: actions.request_change(
                request.user,
                duty=duty,
                kind=d["kind"],
                reason=d["reason"],
                swap_with=d["swap_with"],
            ),
            None,
            _("Your request was sent to the station's staff."),
        )
    else:
        from django.contrib import messages

        messages.error(request, _("Give a reason and, for a swap, the deputy taking your place."))
    return redirect("liaison_work:home")


@require_POST
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    req = access_request(signed_in(request), request_id)
    approve = request.POST.get("approve") == "1"
    attempt(
        request,
        lambda: actions.decide_request(
            request.user, request=req, approve=approve, note=request.POST.get("note", "")
        ),
        None,
        _("Approved.") if approve else _("Refused."),
    )
    return redirect("liaison_work:home")
