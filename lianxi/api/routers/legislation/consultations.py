"""Consultations: read (public), and the staff's steps: publish, close, group, feedback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.problems import answers
from lianxi.api.routers.legislation.router import MAX_PAGE, STEP, router
from lianxi.api.routers.legislation.schemas import (
    ConsultationFeedbackIn,
    ConsultationOut,
    DraftOut,
    GroupsOut,
)
from lianxi.api.steps import steps
from lianxi.legislation import actions, report
from lianxi.legislation.models import Consultation


def consultation_out(consultation: Consultation) -> dict[str, Any]:
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "explanation": consultation.explanation,
        "stage": consultation.stage,
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "for_public": consultation.for_public,
        "for_citizens": consultation.for_citizens,
        "for_deputies": consultation.for_deputies,
        "for_contact_points": consultation.for_contact_points,
        "max_length": consultation.max_length,
        "versions": [{"number": v.number, "label": v.label} for v in consultation.versions.all()],
    }


def draft_out(consultation: Consultation) -> dict[str, Any]:
    """Provisions as plain rows (no model instances: a draft has hundreds)."""
    version = consultation.current
    counts = report.counts_by_article(consultation)
    rows = (
        list(
            version.provisions.order_by("position").values_list(
                "pk", "kind", "label", "text", "parent_id", "article_id"
            )
        )
        if version
        else []
    )
    labels = {pk: (kind, label, parent) for pk, kind, label, _t, parent, _a in rows}

    def citation(pk: int) -> str:
        kind, label, parent = labels[pk]
        if kind == "paragraph" and parent:
            return labels[parent][1] + label
        if kind == "item" and parent:
            return citation(parent) + f"第{label}项"
        return str(label)

    return consultation_out(consultation) | {
        "version": {"number": version.number, "label": version.label} if version else None,
        "provisions": [
            {
                "id": pk,
                "kind": kind,
                "label": label,
                "citation": citation(pk),
                "text": text,
                "parent_id": parent,
                "article_id": article,
                "comments": counts.get(pk, 0),
            }
            for pk, kind, label, text, parent, article in rows
        ],
    }


def find(user: Any, consultation_id: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.visible_to(user).select_related("area"), pk=consultation_id
    )


@router.get("/legislation/consultations", response=list[ConsultationOut], auth=None)
def list_consultations(request: HttpRequest, offset: Offset = 0, limit: Limit = 50) -> Any:
    """Published consultations (staff also see those being prepared in their jurisdiction)."""
    limit = max(1, min(limit, MAX_PAGE))
    qs = Consultation.objects.visible_to(request.user).prefetch_related("versions")
    items = qs.order_by("-opens_on", "-pk")[max(0, offset) : max(0, offset) + limit]
    return [consultation_out(c) for c in items]


@router.get(
    "/legislation/consultations/{int:consultation_id}",
    response=answers(DraftOut, 404),
    auth=None,
)
def get_consultation(request: HttpRequest, consultation_id: Id) -> Any:
    """The consultation with the current text, provision by provision, and the number of
    comments shown on each article."""
    return draft_out(find(request.user, consultation_id))


def _run(request: HttpRequest, consultation_id: Id, do: Callable[[Any, Any], Any]) -> Any:
    consultation = find(request.user, consultation_id)
    result = do(request.user, consultation)
    return (
        result
        if isinstance(result, dict)
        else consultation_out(find(request.user, consultation_id))
    )


step = steps(router, "/legislation/consultations", "consultation_id", run=_run, response=STEP)


@step("publish")
def publish(user: Any, consultation: Consultation) -> Any:
    """Open the draft for comment (committee staff of its area)."""
    return actions.publish(user, consultation)


@step("close")
def close(user: Any, consultation: Consultation) -> Any:
    """End the comment period; dispositions may then be given."""
    return actions.close(user, consultation)


@step("group")
def group(user: Any, consultation: Consultation) -> Any:
    """Group similar comments (the hot-issue engine); answers how many groups."""
    return {"groups": actions.group(user, consultation)}


@step("feedback")
def feedback(user: Any, consultation: Consultation, payload: ConsultationFeedbackIn) -> Any:
    """Publish the feedback report: refused (409) while a comment has no disposition."""
    return actions.publish_feedback(user, consultation, summary=payload.summary)


__all__ = ["GroupsOut"]
