"""Activities: staff create them (once or as a series), invite from the ranked suggestion,
record attendance, minutes, contributions and outcomes; deputies answer invitations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lianxi.cases.models import Case
from lianxi.committee import actions
from lianxi.committee.access import (
    access_activity,
    access_invitation,
    require_deputy,
    require_staff,
)
from lianxi.committee.forms import (
    ActivityForm,
    AnswerForm,
    ContributionForm,
    MinutesForm,
    OutcomeForm,
)
from lianxi.committee.models import Activity, Invitation
from lianxi.committee.models.activities import ActivityKind, ActivityStatus, InvitationStatus
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.committee.suggest import suggest
from lianxi.core.refusals import attempt
from lianxi.portal.rendering import paginate


@login_required
@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = is_committee_staff(user)
    if not staff:
        require_deputy(user)
    qs = Activity.objects.visible_to(user).select_related("series")
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    unanswered = request.GET.get("unanswered") == "1"
    if unanswered:  # the committee home's tile: activities still waiting for deputies' replies
        qs = qs.awaiting_replies()
    when = request.GET.get("when", "upcoming")
    from django.utils import timezone

    now = timezone.now()
    if when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at")
    else:
        when = "upcoming"
        qs = qs.filter(starts_at__gte=now).order_by("starts_at")
    qs = qs.annotate(
        accepted=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
        invited=Count("invitations", filter=~Q(invitations__status=InvitationStatus.WITHDRAWN)),
    )
    return render(
        request,
        "committee/activities/list.html",
        {
            "page": paginate(request, qs, 20),
            "staff": staff,
            "kind": kind,
            "when": when,
            "unanswered": unanswered,
            "kinds": ActivityKind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    form = ActivityForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["recurrence"]:
            ok, series = attempt(
                request,
                lambda: actions.create_series(
                    user, data=form.data_obj(), recurrence=d["recurrence"], count=d["count"]
                ),
                form,
                _("The series is scheduled."),
            )
            if ok:
                return redirect(
                    "committee_work:activity", series.activities.order_by("starts_at")[0].pk
                )
        else:
            ok, activity = attempt(
                request,
                lambda: actions.save_activity(user, data=form.data_obj()),
                form,
                _("Saved. Now invite deputies from the suggestions."),
            )
            if ok:
                return redirect("committee_work:activity", activity.pk)
    return render(
        request,
        "committee/activities/new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Change an open activity; the invited deputies hear of a new time or place."""
    user, activity = _manage(request, activity_id)
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "topic": activity.topic,
        "agenda": activity.agenda,
        "starts_at": timezone.localtime(activity.starts_at),
        "ends_at": timezone.localtime(activity.ends_at),
        "place": activity.place,
        "capacity": activity.capacity,
        "expertise": list(activity.expertise.all()),
        "sectors": [s for s in activity.sectors.split(",") if s],
        "level": activity.level,
    }
    form = ActivityForm(request.POST or None, initial=initial)
    del form.fields["recurrence"], form.fields["count"]  # a series is planned when created
    if request.method == "POST" and form.is_valid():
        ok, _saved = attempt(
            request,
            lambda: actions.save_activity(user, data=form.data_obj(), activity=activity),
            form,
            _("Saved. Invited deputies are told of any new time or place."),
        )
        if ok:
            return redirect("committee_work:activity", activity.pk)
    return render(
        request,
        "committee/activities/edit.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


def _staff_context(request: HttpRequest, user: Any, activity: Activity) -> dict[str, Any]:
    invitations = list(
        activity.invitations.exclude(status=InvitationStatus.WITHDRAWN)
        .select_related("deputy__constituency")
        .order_by("deputy__name")
    )
    contribution_form = ContributionForm(prefix="c")
    contribution_form.fields["deputy"].choices = [  # type: ignore[attr-defined]
        (i.deputy_id, i.deputy.name) for i in invitations
    ]
    return {
        "invitations": invitations,
        "accepted": sum(1 for i in invitations if i.status == InvitationStatus.ACCEPTED),
        "suggestions": suggest(user, activity) if activity.status == ActivityStatus.OPEN else [],
        "minutes_form": MinutesForm(
            prefix="m", initial={"minutes": activity.minutes, "held": True}
        ),
        "contribution_form": contribution_form,
        "outcome_form": OutcomeForm(prefix="o"),
        "can_manage": can_manage(user, activity),
    }


@login_required
@require_safe
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    user: Any = request.user
    activity = access_activity(user, activity_id)
    staff = is_committee_staff(user)
    context: dict[str, Any] = {
        "activity": activity,
        "staff": staff,
        "contributions": activity.contributions.select_related("deputy"),
        "outcomes": activity.outcomes.select_related("case"),
        "expertise": list(activity.expertise.all()),
    }
    if staff:
        context.update(_staff_context(request, user, activity))
    else:
        deputy = deputy_of(user)
        context["invitation"] = Invitation.objects.filter(activity=activity, deputy=deputy).first()
        context["answer_form"] = AnswerForm()
        context["accepted"] = activity.invitations.filter(status=InvitationStatus.ACCEPTED).count()
        written = ContributionForm(prefix="c")
        context["written_form"] = written
    return render(request, "committee/activities/detail.html", context)


def _manage(request: HttpRequest, activity_id: int) -> tuple[Any, Activity]:
    user: Any = request.user
    require_staff(user)
    activity = access_activity(user, activity_id)
    if not can_manage(user, activity):
        raise Http404
    return user, activity


@login_required
@require_POST
def activity_invite(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _manage(request, activity_id)
    ids = [int(v) for v in request.POST.getlist("deputies") if v.isdigit()]
    ok, count = attempt(request, lambda: actions.invite(user, activity=activity, deputy_ids=ids))
    if ok:
        from django.contrib import messages

        messages.success(request, _("%(n)d deputies invited.") % {"n": count})
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def activity_attendance(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _manage(request, activity_id)
    ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    attempt(
        request,
        lambda: actions.mark_activity_attendance(user, activity=activity, present_ids=ids),
        success=_("Attendance saved."),
    )
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def activity_minutes(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _manage(request, activity_id)
    form = MinutesForm(request.POST, prefix="m")
    if form.is_valid():
        attempt(
            request,
            lambda: actions.record_minutes(
                user,
                activity=activity,
                minutes=form.cleaned_data["minutes"],
                held=form.cleaned_data["held"],
            ),
            success=_("Minutes saved."),
        )
    else:
        from django.contrib import messages

        messages.error(request, " ".join(str(e) for e in form.errors.get("minutes", [])))
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def activity_contribution(request: HttpRequest, activity_id: int) -> HttpResponse:
    from django.contrib import messages

    user: Any = request.user
    activity = access_activity(user, activity_id)
    own = deputy_of(user)
    form = ContributionForm(request.POST, prefix="c")
    ids = activity.invitations.values_list("deputy_id", "deputy__name")
    form.fields["deputy"].choices = list(ids)  # type: ignore[attr-defined]
    if own is not None:
        data = request.POST.copy()
        data["c-deputy"], data["c-kind"] = str(own.pk), "written"
        form = ContributionForm(data, prefix="c")
        form.fields["deputy"].choices = list(ids)  # type: ignore[attr-defined]
    elif not is_committee_staff(user):
        raise Http404
    if form.is_valid():
        from lianxi.directory.models import Deputy

        deputy = Deputy.objects.get(pk=form.cleaned_data["deputy"])
        attempt(
            request,
            lambda: actions.add_contribution(
                user,
                activity=activity,
                deputy=deputy,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            ),
            success=_("Contribution recorded."),
        )
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def activity_outcome(request: HttpRequest, activity_id: int) -> HttpResponse:
    from django.contrib import messages

    user, activity = _manage(request, activity_id)
    form = OutcomeForm(request.POST, prefix="o")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("committee_work:activity", activity.pk)
    number = form.cleaned_data["case_number"].strip()
    case_id = None
    if number:
        case = Case.objects.visible_to(user).filter(tracking_number=number).first()
        if case is None:
            messages.error(request, _("No case with this tracking number is visible to you."))
            return redirect("committee_work:activity", activity.pk)
        case_id = case.pk
    attempt(
        request,
        lambda: actions.add_outcome(
            user, activity=activity, text=form.cleaned_data["text"], case_id=case_id
        ),
        success=_("Outcome recorded."),
    )
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _manage(request, activity_id)
    attempt(
        request,
        lambda: actions.cancel_activity(
            user, activity=activity, reason=request.POST.get("reason", "")
        ),
        success=_("The activity is cancelled and the invited deputies are told."),
    )
    return redirect("committee_work:activity", activity.pk)


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    user: Any = request.user
    invitation = access_invitation(user, invitation_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        attempt(
            request,
            lambda: actions.answer_invitation(
                user, invitation=invitation, accept=accept, reason=form.cleaned_data["reason"]
            ),
            success=_("Thank you, your answer is recorded."),
        )
    else:
        from django.contrib import messages

        messages.error(request, _("Choose whether you will attend."))
    target = request.POST.get("next", "")
    if target == "inbox":
        return redirect("committee_work:inbox")
    return redirect("committee_work:activity", invitation.activity_id)
