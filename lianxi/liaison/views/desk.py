"""The desk on a shift's day: who is on duty, the queue of bookings, the reception record,
and matters filed as cases on the spot."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lianxi.cases.actions import Intake
from lianxi.core.refusals import attempt
from lianxi.liaison import actions
from lianxi.liaison.access import access_shift
from lianxi.liaison.choices import BookingStatus
from lianxi.liaison.forms import AttendanceForm, CaseForm, ReceptionForm
from lianxi.liaison.models import Duty, Reception, Shift
from lianxi.liaison.policies import can_manage_station, can_read_reception_notes
from lianxi.liaison.views.common import signed_in, uploads


def _desk(request: HttpRequest, shift_id: int) -> tuple[Shift, Reception | None]:
    shift = access_shift(signed_in(request), shift_id)
    if not can_manage_station(request.user, shift.station):
        raise Http404
    return shift, Reception.objects.filter(shift=shift).first()


def _render(
    request: HttpRequest,
    shift: Shift,
    reception: Reception | None,
    reception_form: ReceptionForm | None = None,
    case_form: CaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    duties = Duty.objects.filter(shift=shift).select_related("deputy")
    bookings = shift.bookings.filter(status=BookingStatus.BOOKED)
    initial = (
        {
            "people_received": reception.people_received,
            "matters": reception.matters,
            "minutes": reception.minutes,
        }
        if reception
        else {"people_received": bookings.count()}
    )
    return render(
        request,
        "liaison/work/shift.html",
        {
            "shift": shift,
            "duties": [(d, AttendanceForm(prefix=f"a{d.pk}")) for d in duties],
            "bookings": bookings,
            "reception": reception,
            "cases": reception.cases.all() if reception else [],
            "reception_form": reception_form or ReceptionForm(initial=initial),
            # Who keeps the record edits it in clear; an administrator reads it masked.
            "notes_clear": can_read_reception_notes(request.user, shift.station),
            "case_form": case_form or CaseForm(),
        },
        status=status,
    )


@require_safe
def shift(request: HttpRequest, shift_id: int) -> HttpResponse:
    obj, reception = _desk(request, shift_id)
    return _render(request, obj, reception)


@require_POST
def attendance(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = Duty.objects.filter(pk=duty_id).first()
    if duty is None:
        raise Http404
    obj, _reception = _desk(request, duty.shift_id)
    form = AttendanceForm(request.POST, prefix=f"a{duty.pk}")
    if form.is_valid():
        attempt(
            request,
            lambda: actions.mark_attendance(
                request.user,
                duty=duty,
                attendance=form.cleaned_data["attendance"],
                reason=form.cleaned_data["reason"],
            ),
            None,
            _("Attendance recorded."),
        )
    return redirect("liaison_work:shift", obj.pk)


@require_POST
def reception(request: HttpRequest, shift_id: int) -> HttpResponse:
    obj, existing = _desk(request, shift_id)
    form = ReceptionForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        ok, _r = attempt(
            request,
            lambda: actions.record_reception(
                request.user,
                shift=obj,
                people_received=d["people_received"],
                matters=d["matters"],
                minutes=d["minutes"],
                photos=uploads(request),
            ),
            form,
            _("The reception was recorded."),
        )
        if ok:
            return redirect("liaison_work:shift", obj.pk)
    return _render(request, obj, existing, reception_form=form, status=400)


@require_POST
def shift_case(request: HttpRequest, shift_id: int) -> HttpResponse:
    obj, existing = _desk(request, shift_id)
    form = CaseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        intake = Intake(
            kind="opinion",
            title=d["title"],
            content=d["content"],
            channel="station",
            community=obj.station.area if obj.station.area.level == 5 else None,
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
        )
        ok, case = attempt(
            request, lambda: actions.walkin_case(request.user, intake=intake, shift=obj), form
        )
        if ok:
            from django.contrib import messages

            messages.success(
                request,
                _("Case %(no)s was filed and linked to this reception.")
                % {"no": case.tracking_number},
            )
            return redirect("liaison_work:shift", obj.pk)
    return _render(request, obj, existing, case_form=form, status=400)
