"""Activities (symposiums, research, inspections…): planning, invitations and their answers,
attendance, minutes, contributions and outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from lianxi.api.bounds import Id
from lianxi.api.problems import answers, chosen
from lianxi.api.routers.committee.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.committee.schemas import (
    ActivityIn,
    ContributionIn,
    IdsIn,
    InvitationAnswerIn,
    MinutesIn,
    OutcomeIn,
)
from lianxi.api.steps import steps
from lianxi.committee import actions
from lianxi.committee.models import Activity, Invitation
from lianxi.committee.models.activities import InvitationStatus
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.committee.querysets import deputy_of
from lianxi.committee.suggest import suggest
from lianxi.directory.models import Deputy


def _activity_out(a: Activity, user: Any) -> dict[str, Any]:
    staff = is_committee_staff(user)
    invitations = a.invitations.exclude(status=InvitationStatus.WITHDRAWN).select_related("deputy")
    out: dict[str, Any] = {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "topic": a.topic,
        "agenda": a.agenda,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "place": a.place,
        "capacity": a.capacity,
        "status": a.status,
        "series_id": a.series_id,
        "accepted": sum(1 for i in invitations if i.status == InvitationStatus.ACCEPTED),
        "contributions": [
            {"deputy_id": c.deputy_id, "kind": c.kind, "text": c.text}
            for c in a.contributions.all()
        ],
        "outcomes": [{"text": o.text, "case_id": o.case_id} for o in a.outcomes.all()],
    }
    if staff:
        out["minutes"] = a.minutes
        out["invitations"] = [
            {
                "id": i.pk,
                "deputy_id": i.deputy_id,
                "deputy": i.deputy.name,
                "status": i.status,
                "reason": i.reason,
                "attended": i.attended,
            }
            for i in invitations
        ]
    else:
        deputy = deputy_of(user)
        mine = next((i for i in invitations if i.deputy_id == getattr(deputy, "pk", None)), None)
        out["invitation"] = (
            {"id": mine.pk, "status": mine.status, "reason": mine.reason, "attended": mine.attended}
            if mine
            else None
        )
        if a.status == "done":
            out["minutes"] = a.minutes
    return out


def _activity(user: Any, activity_id: int) -> Activity:
    return get_object_or_404(Activity.objects.visible_to(user), pk=activity_id)


@router.get("/committee/activities", response=answers(Any))
def list_activities(request: HttpRequest, upcoming: bool = True) -> Any:
    qs = Activity.objects.visible_to(request.user)
    now = timezone.now()
    qs = (
        qs.filter(starts_at__gte=now).order_by("starts_at")
        if upcoming
        else qs.filter(starts_at__lt=now).order_by("-starts_at")
    )
    return [_activity_out(a, request.user) for a in qs[:MAX_PAGE]]


@router.post("/committee/activities", response=MADE)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    """One activity, or a series with `recurrence` (monthly, quarterly, half_yearly) and `count`."""
    user = request.user
    if payload.recurrence:
        series = actions.create_series(
            user, data=payload.data(), recurrence=payload.recurrence, count=payload.count
        )
        return {
            "series_id": series.pk,
            "activities": [_activity_out(a, user) for a in series.activities.order_by("starts_at")],
        }
    return _activity_out(actions.save_activity(user, data=payload.data()), user)


@router.get("/committee/activities/{int:activity_id}", response=answers(Any, 404))
def get_activity(request: HttpRequest, activity_id: Id) -> Any:
    return _activity_out(_activity(request.user, activity_id), request.user)


@router.get(
    "/committee/activities/{int:activity_id}/suggestions",
    response=answers(Any, 404),
)
def activity_suggestions(request: HttpRequest, activity_id: Id) -> Any:
    """Ranked deputies to invite, with the reasons and their recent participation."""
    activity = _activity(request.user, activity_id)
    if not can_manage(request.user, activity):
        raise Http404
    return [
        {
            "deputy_id": s.deputy.pk,
            "deputy": s.deputy.name,
            "score": s.score,
            "reasons": s.reasons,
            "recent": s.recent,
            "attended": s.attended,
        }
        for s in suggest(request.user, activity)
    ]


def _activity_step(
    request: HttpRequest, activity_id: Id, do: Callable[[Any, Activity], Any]
) -> Any:
    activity = _activity(request.user, activity_id)
    do(request.user, activity)
    return _activity_out(Activity.objects.get(pk=activity.pk), request.user)


step = steps(router, "/committee/activities", "activity_id", run=_activity_step, response=STEP)


@step("invite")
def invite(user: Any, activity: Activity, payload: IdsIn) -> Any:
    return actions.invite(user, activity=activity, deputy_ids=payload.deputy_ids)


@step("attendance")
def activity_attendance(user: Any, activity: Activity, payload: IdsIn) -> Any:
    present = payload.deputy_ids
    return actions.mark_activity_attendance(user, activity=activity, present_ids=present)


@step("minutes")
def activity_minutes(user: Any, activity: Activity, payload: MinutesIn) -> Any:
    minutes, held = payload.minutes, payload.held
    return actions.record_minutes(user, activity=activity, minutes=minutes, held=held)


@step("contributions")
def activity_contribution(user: Any, activity: Activity, payload: ContributionIn) -> Any:
    message = gettext("Choose deputies from the list.")
    deputy = chosen(Deputy, payload.deputy_id, "deputy_id", message)
    kind, text = payload.kind, payload.text
    return actions.add_contribution(user, activity=activity, deputy=deputy, kind=kind, text=text)


@step("outcomes")
def activity_outcome(user: Any, activity: Activity, payload: OutcomeIn) -> Any:
    text, case_id = payload.text, payload.case_id
    return actions.add_outcome(user, activity=activity, text=text, case_id=case_id)


@step("cancel")
def activity_cancel(user: Any, activity: Activity) -> Any:
    return actions.cancel_activity(user, activity=activity)


@router.post(
    "/committee/activities/{int:activity_id}/invitations/{int:invitation_id}/withdraw",
    response=STEP,
)
def withdraw_invitation(request: HttpRequest, activity_id: Id, invitation_id: Id) -> Any:
    """Staff withdraw one invitation."""
    activity = _activity(request.user, activity_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, activity=activity)
    actions.withdraw_invitation(request.user, invitation=invitation)
    return _activity_out(activity, request.user)


@router.post("/committee/invitations/{int:invitation_id}/answer", response=STEP)
def answer_invitation(request: HttpRequest, invitation_id: Id, payload: InvitationAnswerIn) -> Any:
    deputy = deputy_of(request.user)
    if deputy is None:
        raise Http404
    invitation = get_object_or_404(
        Invitation.objects.exclude(activity__status="draft"), pk=invitation_id, deputy=deputy
    )
    i = actions.answer_invitation(
        request.user, invitation=invitation, accept=payload.accept, reason=payload.reason
    )
    return {"id": i.pk, "status": i.status, "reason": i.reason}
