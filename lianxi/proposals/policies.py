"""Who may do what with suggestions and bills."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lianxi.core.choices import Role
from lianxi.proposals.models import Proposal

# Co-signers a bill needs, per congress level (the law sets it per level); settings override.
COSIGNERS = {"national": 30, "provincial": 10, "municipal": 10, "county": 10, "township": 5}


def cosigners_needed(level: str) -> int:
    table = COSIGNERS | getattr(settings, "PROPOSAL_COSIGNERS", {})
    return int(table.get(level, 10))


def is_author(user: Any, proposal: Proposal) -> bool:
    deputy = getattr(user, "deputy", None) if user.role == Role.DEPUTY else None
    return bool(deputy is not None and proposal.author_id == deputy.pk)


def is_staff_over(user: Any, proposal: Proposal) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return bool(
        user.role == Role.COMMITTEE
        and user.jurisdiction_id
        and proposal.area.prefix.startswith(user.jurisdiction.prefix)
    )


def is_lead_handler(user: Any, proposal: Proposal) -> bool:
    lead = proposal.lead
    return bool(
        user.role == Role.DEPARTMENT
        and lead is not None
        and lead.handlers.filter(pk=user.pk).exists()
    )


def co_unit_of(user: Any, proposal: Proposal) -> Any:
    """The co-handling unit of this item the user handles for, or None."""
    if user.role != Role.DEPARTMENT:
        return None
    return proposal.co_units.filter(handlers=user).order_by("pk").first()
