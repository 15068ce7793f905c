"""Cases as the API shows them. A staff user sees the citizen's contact masked, always (the
full value only through `POST /cases/{id}/reveal`); phone and ID numbers typed into the text
in clear only with need to know (`policies.can_see_contact`). A citizen sees their own
contact and only the public steps."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from lianxi.cases.choices import Status as CaseStatus
from lianxi.cases.models import Case, CaseEvent, Referral
from lianxi.cases.policies import can_see_contact
from lianxi.cases.reveal import has_contact
from lianxi.core.choices import Role
from lianxi.lib.masking import mask_address, mask_name, mask_phone, mask_text


def staff_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related(
        "category", "community", "deputy", "station"
    )


def case_out(case: Case, known: bool, user: Any) -> dict[str, Any]:
    """`known`: the user needs to know (`contact_visible_ids`)."""
    own = known and user.role == Role.CITIZEN
    return {
        "id": case.pk,
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "title": case.title if known else mask_text(case.title),
        "status": case.status,
        "outcome": case.outcome,
        "channel": case.channel,
        "category_id": case.category_id,
        "category": case.category.name if case.category else None,
        "community_id": case.community_id,
        "community": case.community.full_name if case.community else None,
        "deputy_id": case.deputy_id,
        "deputy": case.deputy.name if case.deputy else None,
        "station_id": case.station_id,
        "station": case.station.name if case.station else None,
        "due_date": case.due_date,
        "deputy_due": case.deputy_due,
        "escalated": case.is_escalated,
        "submitted_at": case.submitted_at,
        "closed_at": case.closed_at,
        "is_anonymous": case.is_anonymous,
        "contact_name": case.contact_name if own else mask_name(case.contact_name),
        "contact_phone": case.contact_phone if own else mask_phone(case.contact_phone),
        "can_reveal": known and not own and has_contact(case),
    }


REFERRAL_FIELDS = ("department_id", "role", "status", "due_date", "accept_by", "result_class")


def _referral_out(referral: Referral, contact: bool) -> dict[str, Any]:
    answer = referral.answer if contact else mask_text(referral.answer)
    return {name: getattr(referral, name) for name in REFERRAL_FIELDS} | {
        "department": referral.department.name,
        "answer": answer,
        "contact_disclosed": referral.contact_disclosed,
    }


def detail_out(user: Any, case_id: int) -> dict[str, Any]:
    """The case with its referrals and steps; 404 unless `user` sees it."""
    case = get_object_or_404(
        staff_cases(user).prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("department")),
            Prefetch("events", queryset=CaseEvent.objects.order_by("at", "id")),
        ),
        pk=case_id,
    )
    contact = can_see_contact(user, case)
    internal = user.role != Role.CITIZEN
    body = case_out(case, contact, user)
    body.update(
        content=case.content if contact else mask_text(case.content),
        address=case.address if contact and not internal else mask_address(case.address),
        version=case.version,
        reopen_count=case.reopen_count,
        consent_to_publish=case.consent_to_publish,
        is_published=case.is_published,
        referrals=[_referral_out(r, contact) for r in case.referrals.all()],
        events=[
            {
                "at": e.at,
                "step": e.step,
                "by": e.actor_label,
                "text": e.text if contact else mask_text(e.text),
                "public": e.public,
            }
            for e in case.events.all()
            if e.public or internal
        ],
    )
    return body


def public_out(case: Case) -> dict[str, Any]:
    events = case.events.filter(public=True).order_by("at", "id")
    return {
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "title": mask_text(case.title),
        "content": mask_text(case.content),
        "category": case.category.name if case.category else None,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "outcome": case.outcome,
        "submitted_at": case.submitted_at,
        "due_date": case.due_date,
        "closed_at": case.closed_at,
        "events": [
            {"at": e.at, "step": e.step, "by": e.actor_label, "text": mask_text(e.text)}
            for e in events
        ],
    }
