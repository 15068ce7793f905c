"""`access_*` helpers: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.legislation.models import Comment, Consultation, ContactPoint


def access_consultation(user: Any, consultation_id: int) -> Consultation:
    found = (
        Consultation.objects.visible_to(user).select_related("area").filter(pk=consultation_id)
    ).first()
    if found is None:
        raise Http404
    return found


def access_managed(user: Any, consultation_id: int) -> Consultation:
    """A consultation the user runs (committee staff of its area, administrators)."""
    found = (
        Consultation.objects.managed_by(user).select_related("area").filter(pk=consultation_id)
    ).first()
    if found is None:
        raise Http404
    return found


def access_comment(user: Any, consultation: Consultation, comment_id: int) -> Comment:
    found = (
        Comment.objects.visible_to(user)
        .select_related("consultation__area")
        .filter(pk=comment_id, consultation=consultation)
        .first()
    )
    if found is None:
        raise Http404
    return found


def contact_points_of(user: Any) -> list[ContactPoint]:
    return list(ContactPoint.objects.run_by(user).select_related("area", "station"))
