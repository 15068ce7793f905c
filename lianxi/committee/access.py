"""`access_*` helpers: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.committee.models import Activity, Course, Invitation, Material, Notice, TrainingSession
from lianxi.committee.policies import is_committee_staff
from lianxi.committee.querysets import deputy_of


def access_notice(user: Any, notice_id: int) -> Notice:
    notice = (
        Notice.objects.visible_to(user).select_related("audience", "area").filter(pk=notice_id)
    ).first()
    if notice is None:
        raise Http404
    return notice


def access_material(user: Any, material_id: int) -> Material:
    material = Material.objects.visible_to(user).filter(pk=material_id).first()
    if material is None:
        raise Http404
    return material


def access_course(user: Any, course_id: int) -> Course:
    course = Course.objects.visible_to(user).select_related("audience").filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def access_session(user: Any, session_id: int) -> TrainingSession:
    session = (
        TrainingSession.objects.select_related("course")
        .filter(pk=session_id, course__in=Course.objects.visible_to(user))
        .first()
    )
    if session is None:
        raise Http404
    return session


def access_activity(user: Any, activity_id: int) -> Activity:
    activity = Activity.objects.visible_to(user).select_related("area").filter(pk=activity_id)
    found = activity.first()
    if found is None:
        raise Http404
    return found


def access_invitation(user: Any, invitation_id: int) -> Invitation:
    """A deputy's own invitation (staff reach invitations through the activity)."""
    deputy = deputy_of(user)
    invitation = (
        Invitation.objects.select_related("activity", "deputy")
        .filter(pk=invitation_id, deputy=deputy)
        .exclude(activity__status="draft")
        .first()
        if deputy is not None
        else None
    )
    if invitation is None:
        raise Http404
    return invitation


def require_staff(user: Any) -> None:
    if not is_committee_staff(user):
        raise Http404


def require_deputy(user: Any) -> Any:
    deputy = deputy_of(user)
    if deputy is None:
        raise Http404
    return deputy
