"""Trainings: courses and sessions for staff; enrolment, QR check-in and feedback for deputies."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.committee import actions
from lianxi.committee.access import access_course, access_session, require_deputy, require_staff
from lianxi.committee.actions.trainings import participants
from lianxi.committee.forms import AudienceForm, CourseForm, FeedbackForm, SessionForm
from lianxi.committee.models import Course, Enrollment, SessionAttendance, TrainingSession
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate


@login_required
@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = is_committee_staff(user)
    if not staff:
        require_deputy(user)
    qs = (
        Course.objects.visible_to(user)
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "committee/trainings/list.html",
        {"page": paginate(request, qs, 20), "staff": staff},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    if request.method == "POST":
        form = CourseForm(request.POST)
        audience = AudienceForm(request.POST, prefix="aud", user=user)
        if form.is_valid() and audience.is_valid():
            ok, saved = attempt(
                request,
                lambda: actions.save_course(user, data=form.data_obj(audience.spec())),
                form,
                _("Saved."),
            )
            if ok:
                return redirect("committee_work:course", saved.pk)
    else:
        form, audience = CourseForm(), AudienceForm(prefix="aud", user=user)
    return render(
        request,
        "committee/trainings/new.html",
        {"form": form, "audience": audience},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    user: Any = request.user
    course = access_course(user, course_id)
    staff = is_committee_staff(user)
    form = SessionForm()
    if request.method == "POST":
        if not (staff and can_manage(user, course)):
            raise Http404
        form = SessionForm(request.POST)
        if form.is_valid():
            ok, _s = attempt(
                request,
                lambda: actions.add_session(user, course=course, data=form.data_obj()),
                form,
                _("Session added."),
            )
            if ok:
                return redirect("committee_work:course", course.pk)
    sessions = list(course.sessions.annotate(present=Count("attendance")).order_by("starts_at"))
    deputy = deputy_of(user)
    context: dict[str, Any] = {
        "course": course,
        "sessions": sessions,
        "staff": staff,
        "form": form,
        "can_manage": staff and can_manage(user, course),
    }
    if staff:
        context["participant_count"] = participants(course).count()
        context["completed_count"] = Enrollment.objects.filter(
            course=course, completed_at__isnull=False
        ).count()
    elif deputy is not None:
        context["enrollment"] = Enrollment.objects.filter(course=course, deputy=deputy).first()
        context["is_participant"] = participants(course).filter(pk=deputy.pk).exists()
        context["attended"] = set(
            SessionAttendance.objects.filter(session__course=course, deputy=deputy).values_list(
                "session_id", flat=True
            )
        )
    return render(
        request,
        "committee/trainings/detail.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def course_enroll(request: HttpRequest, course_id: int) -> HttpResponse:
    user: Any = request.user
    course = access_course(user, course_id)
    attempt(request, lambda: actions.enroll(user, course=course), success=_("You are enrolled."))
    return redirect("committee_work:course", course.pk)


@login_required
@require_POST
def course_close(request: HttpRequest, course_id: int) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    course = access_course(user, course_id)
    attempt(
        request, lambda: actions.close_course(user, course=course), success=_("Enrolment closed.")
    )
    return redirect("committee_work:course", course.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user: Any = request.user
    session = access_session(user, session_id)
    course = session.course
    staff = is_committee_staff(user)
    context: dict[str, Any] = {"session": session, "course": course, "staff": staff}
    if staff:
        if request.method == "POST":
            if not can_manage(user, course):
                raise Http404
            ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
            attempt(
                request,
                lambda: actions.mark_session_attendance(user, session=session, present_ids=ids),
                success=_("Attendance saved."),
            )
            return redirect("committee_work:session", session.pk)
        marks = {a.deputy_id: a for a in session.attendance.all()}
        people = participants(course).select_related("constituency").order_by("name")
        page = paginate(request, people, 100)
        context.update(
            rows=[(d, marks.get(d.pk)) for d in page.object_list],
            page=page,
            checkin_url=request.build_absolute_uri(
                reverse("committee_work:checkin", args=[session.checkin_token])
            ),
            feedback=session.attendance.exclude(feedback_at=None).select_related("deputy"),
            can_manage=can_manage(user, course),
        )
    else:
        deputy = require_deputy(user)
        record = SessionAttendance.objects.filter(session=session, deputy=deputy).first()
        form = FeedbackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            ok, _r = attempt(
                request,
                lambda: actions.give_feedback(
                    user,
                    session=session,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                ),
                form,
                _("Thank you for your feedback."),
            )
            if ok:
                return redirect("committee_work:session", session.pk)
        context.update(record=record, form=form)
    return render(request, "committee/trainings/session.html", context)


@login_required
@require_safe
def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The check-in QR code as SVG, for staff to show on a screen or print."""
    user: Any = request.user
    require_staff(user)
    session = access_session(user, session_id)
    url = request.build_absolute_uri(
        reverse("committee_work:checkin", args=[session.checkin_token])
    )
    svg = segno.make(url, error="m").svg_inline(scale=6)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code leads: a deputy confirms their presence with one tap."""
    user: Any = request.user
    require_deputy(user)
    session = (
        TrainingSession.objects.select_related("course").filter(checkin_token=token[:40]).first()
    )
    if session is None:
        raise Http404
    access_session(user, session.pk)
    if request.method == "POST":
        ok, _r = attempt(
            request,
            lambda: actions.check_in(user, token=token),
            success=_("You are checked in. Welcome!"),
        )
        if ok:
            return redirect("committee_work:session", session.pk)
    return render(request, "committee/trainings/checkin.html", {"session": session})
