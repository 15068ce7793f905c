"""The operations on suggestions and bills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lianxi.api.bounds import Id
from lianxi.api.problems import answers
from lianxi.api.routers.proposals.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.proposals.schemas import (
    CosignAnswerIn,
    ProposalAssignIn,
    ProposalContactIn,
    ProposalDecisionIn,
    ProposalDraftIn,
    ProposalInviteIn,
    ProposalRatingIn,
    ProposalReplyIn,
    ProposalReturnIn,
    ProposalReviewIn,
)
from lianxi.api.steps import steps
from lianxi.proposals import actions
from lianxi.proposals.access import access_invitation
from lianxi.proposals.choices import Status
from lianxi.proposals.models import Proposal


def proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "title": p.title,
        "body": p.body,
        "reasons": p.reasons,
        "measures": p.measures,
        "status": p.status,
        "deputy": p.author.name,
        "deputy_id": p.author_id,
        "category_id": p.category_id,
        "case_ids": [c.pk for c in p.cases.all()],
        "cosigners": [
            {"id": c.pk, "deputy_id": c.deputy_id, "status": c.status} for c in p.cosigners.all()
        ],
        "filed_at": p.filed_at,
        "review_reason": p.review_reason,
        "lead_id": p.lead_id,
        "co_ids": [d.pk for d in p.co_units.all()],
        "due_date": p.due_date,
        "key_supervision": p.key_supervision,
        "return_reason": p.return_reason,
        "contact": {"method": p.contact_method, "on": p.contact_on, "notes": p.contact_notes}
        if p.contact_on
        else None,
        "result": p.result,
        "reply": p.reply,
        "confidential": p.confidential,
        "rating": p.rating,
        "rehandled": p.rehandled,
        "version": p.version,
    }


def _visible(user: Any) -> Any:
    return Proposal.objects.visible_to(user).select_related("author")


@router.get("/proposals", response=answers(Any))
def list_proposals(request: HttpRequest, status: str = "") -> Any:
    """The items the user sees: a deputy's own and those they are invited to co-sign, the
    committee's within its jurisdiction, a unit's where it leads or co-handles."""
    qs = _visible(request.user).prefetch_related("cases", "cosigners", "co_units")
    if status in Status.values:
        qs = qs.filter(status=status)
    return [proposal_out(p) for p in qs.order_by("-id")[:MAX_PAGE]]


@router.post("/proposals", response=MADE)
def proposal_draft(request: HttpRequest, payload: ProposalDraftIn) -> Any:
    return proposal_out(actions.save_draft(request.user, payload.draft()))


@router.get("/proposals/{int:proposal_id}", response=answers(Any, 404))
def get_proposal(request: HttpRequest, proposal_id: Id) -> Any:
    return proposal_out(get_object_or_404(_visible(request.user), pk=proposal_id))


def _step(request: HttpRequest, proposal_id: Id, do: Callable[[Any, Proposal], Any]) -> Any:
    proposal = get_object_or_404(_visible(request.user), pk=proposal_id)
    do(request.user, proposal)
    return proposal_out(Proposal.objects.get(pk=proposal.pk))


step = steps(router, "/proposals", "proposal_id", run=_step, response=STEP)


@step("edit")
def proposal_edit(user: Any, proposal: Proposal, payload: ProposalDraftIn) -> Any:
    return actions.save_draft(user, payload.draft(), proposal)


@step("invite")
def proposal_invite(user: Any, proposal: Proposal, payload: ProposalInviteIn) -> Any:
    return actions.invite_cosigners(user, proposal, payload.invitee_ids)


@step("file")
def proposal_file(user: Any, proposal: Proposal) -> Any:
    return actions.file(user, proposal)


@step("review")
def proposal_review(user: Any, proposal: Proposal, payload: ProposalReviewIn) -> Any:
    return actions.review(user, proposal, payload.decision, payload.reason)


@step("assign")
def proposal_assign(user: Any, proposal: Proposal, payload: ProposalAssignIn) -> Any:
    return actions.assign(
        user,
        proposal,
        payload.lead_id,
        payload.co_ids,
        complex_item=payload.complex_item,
        key_supervision=payload.key_supervision,
    )


@step("return")
def proposal_return(user: Any, proposal: Proposal, payload: ProposalReturnIn) -> Any:
    return actions.ask_return(user, proposal, payload.reason)


@step("return/decide")
def proposal_decide_return(user: Any, proposal: Proposal, payload: ProposalDecisionIn) -> Any:
    return actions.decide_return(user, proposal, payload.grant)


@step("contact")
def proposal_contact(user: Any, proposal: Proposal, payload: ProposalContactIn) -> Any:
    return actions.record_contact(user, proposal, payload.method, payload.on, payload.notes)


@step("reply")
def proposal_reply(user: Any, proposal: Proposal, payload: ProposalReplyIn) -> Any:
    return actions.reply(
        user,
        proposal,
        payload.result,
        payload.text,
        payload.confidential,
        payload.confidential_reason,
    )


@step("rate")
def proposal_rate(user: Any, proposal: Proposal, payload: ProposalRatingIn) -> Any:
    return actions.rate(user, proposal, payload.rating, payload.comment)


@router.post("/proposals/cosigners/{int:cosigner_id}/answer", response=STEP)
def proposal_cosign(request: HttpRequest, cosigner_id: Id, payload: CosignAnswerIn) -> Any:
    """An invited deputy confirms or declines co-signing."""
    invitation = access_invitation(request.user, cosigner_id)
    actions.answer_invitation(request.user, invitation, payload.confirm)
    return {"id": invitation.pk, "status": invitation.status}
