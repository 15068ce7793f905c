"""`access_*`: the same 404 for missing and not visible."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.proposals.models import Cosigner, Proposal


def access_proposal(user: Any, pk: int) -> Proposal:
    found = (
        Proposal.objects.visible_to(user)
        .select_related("author", "area", "lead", "category")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_invitation(user: Any, pk: int) -> Cosigner:
    found = (
        Cosigner.objects.select_related("proposal", "deputy")
        .filter(pk=pk, deputy__user=user)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if found is None:
        raise Http404
    return found
