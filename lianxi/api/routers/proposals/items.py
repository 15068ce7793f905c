"""The operations on suggestions and bills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lianxi.api.bounds import Id
from lianxi.api.problems import answers
from lianxi.api.routers.proposals.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.proposals.schemas import (
    CosignAnswerIn,
    ProposalAssignIn,
    ProposalContactIn,
    ProposalCoOpinionIn,
    ProposalCorrectIn,
    ProposalDecisionIn,
    ProposalDraftIn,
    ProposalInviteIn,
    ProposalMergeIn,
    ProposalRatingIn,
    ProposalReasonIn,
    ProposalReplyIn,
    ProposalReturnIn,
    ProposalReviewIn,
)
from lianxi.api.steps import steps
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.proposals import actions
from lianxi.proposals.access import access_invitation
from lianxi.proposals.choices import Status
from lianxi.proposals.models import Proposal
from lianxi.proposals.policies import is_lead_handler, is_staff_over


def proposal_out(p: Proposal, viewer: Any = None) -> dict[str, Any]:
    """An item as `viewer` may read it: an unsent draft reply only for the lead unit's
    handlers and committee staff over the item."""
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
        "co_opinions": [{"unit_id": o.department_id, "text": o.text} for o in p.co_opinions.all()],
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
        "topic_id": p.topic_id,
        "merged_into_id": p.merged_into_id,
        "draft_reply": {"result": p.draft_result, "text": p.draft_reply}
        if p.draft_reply
        and viewer is not None
        and (is_lead_handler(viewer, p) or is_staff_over(viewer, p))
        else None,
        "answers": [
            {"round": a.number, "result": a.result, "text": a.text, "sent_at": a.sent_at}
            for a in p.answers.all()
        ],
    }


def _visible(user: Any) -> Any:
    return Proposal.objects.visible_to(user).select_related("author")


@router.get("/proposals", response=answers(Any))
def list_proposals(request: HttpRequest, status: str = "") -> Any:
    """The items the user sees: a deputy's own and those they are invited to co-sign, the
    committee's within its jurisdiction, a unit's where it leads or co-handles."""
    qs = _visible(request.user).prefetch_related("cases", "cosigners", "co_units", "co_opinions")
    if status in Status.values:
        qs = qs.filter(status=status)
    return [proposal_out(p, request.user) for p in qs.order_by("-id")[:MAX_PAGE]]


@router.post("/proposals", response=MADE)
def proposal_draft(request: HttpRequest, payload: ProposalDraftIn) -> Any:
    return proposal_out(actions.save_draft(request.user, payload.draft()), request.user)


@router.get("/proposals/{int:proposal_id}", response=answers(Any, 404))
def get_proposal(request: HttpRequest, proposal_id: Id) -> Any:
    return proposal_out(get_object_or_404(_visible(request.user), pk=proposal_id), request.user)


def _step(request: HttpRequest, proposal_id: Id, do: Callable[[Any, Proposal], Any]) -> Any:
    proposal = get_object_or_404(_visible(request.user), pk=proposal_id)
    do(request.user, proposal)
    return proposal_out(Proposal.objects.get(pk=proposal.pk), request.user)


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


@step("co-opinion")
def proposal_co_opinion(user: Any, proposal: Proposal, payload: ProposalCoOpinionIn) -> Any:
    return actions.give_co_opinion(user, proposal, payload.text)


@step("correct")
def proposal_correct(user: Any, proposal: Proposal, payload: ProposalCorrectIn) -> Any:
    """After filing: the text becomes a new version, the earlier ones are kept."""
    return actions.correct(user, proposal, payload.draft(proposal.kind), payload.note)


@step("merge")
def proposal_merge(user: Any, proposal: Proposal, payload: ProposalMergeIn) -> Any:
    """Committee staff merge a duplicate filed item into another open item. Who may merge is
    asked first, so the answer never depends on which items the caller happens to see."""
    if not is_staff_over(user, proposal):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))
    into = _visible(user).filter(pk=payload.into_id).first()
    if into is None:
        raise InvalidInput(_("Choose another item that is still open to merge into."), field="into")
    return actions.merge(user, proposal, into, payload.reason)


@step("unmerge")
def proposal_unmerge(user: Any, proposal: Proposal, payload: ProposalReasonIn) -> Any:
    return actions.unmerge(user, proposal, payload.reason)


@step("draft-reply")
def proposal_draft_reply(user: Any, proposal: Proposal, payload: ProposalReplyIn) -> Any:
    """The lead unit drafts its reply; nothing is sent before it is signed off."""
    return actions.draft_reply(
        user,
        proposal,
        payload.result,
        payload.text,
        payload.confidential,
        payload.confidential_reason,
    )


@step("sign-off")
def proposal_sign_off(user: Any, proposal: Proposal) -> Any:
    """The drafted reply is signed off and sent."""
    return actions.sign_off(user, proposal)


@step("reply")
def proposal_reply(user: Any, proposal: Proposal, payload: ProposalReplyIn) -> Any:
    """Draft and sign off in one call."""
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
