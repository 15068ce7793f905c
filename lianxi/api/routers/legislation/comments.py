"""Comments: read (each sees their own, staff all, everyone those of a published feedback),
comment with `Idempotency-Key`, and staff dispositions and moderation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja.errors import HttpError
from ninja.utils import check_csrf

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.problems import ACTS_ON, answers, api_fields
from lianxi.api.routers.legislation.consultations import find
from lianxi.api.routers.legislation.router import MAX_PAGE, STEP, router
from lianxi.api.routers.legislation.schemas import (
    DisposedOut,
    DispositionIn,
    DraftCommentIn,
    DraftCommentOut,
    HideCommentIn,
)
from lianxi.legislation import actions
from lianxi.legislation.actions.comments import anonymous_author
from lianxi.legislation.models import Comment
from lianxi.legislation.policies import can_manage
from lianxi.lib.net import client_ip

FIELDS = {"provision": "provision_id", "covered_by": "covered_by_id", "comments": "comment_ids"}


def comment_out(comment: Comment, *, staff: bool, user: Any) -> dict[str, Any]:
    """Staff see who signed; others see a name only when the author chose to be named."""
    mine = bool(getattr(user, "is_authenticated", False) and comment.author_id == user.pk)
    return {
        "id": comment.pk,
        "consultation_id": comment.consultation_id,
        "provision_id": comment.provision_id,
        "article_id": comment.article_id,
        "source": comment.source,
        "name": (comment.signature if staff else comment.public_name),
        "body": comment.body,
        "created_at": comment.created_at,
        "visibility": comment.visibility,
        "disposition": comment.disposition,
        "reason": comment.reason,
        "covered_by_id": comment.covered_by_id,
        "mine": mine,
    }


@router.get(
    "/legislation/consultations/{int:consultation_id}/comments",
    response=answers(list[DraftCommentOut], 404),
    auth=None,
)
def list_comments(
    request: HttpRequest, consultation_id: Id, offset: Offset = 0, limit: Limit = 50
) -> Any:
    """The comments I may see: my own; once the feedback is published, every comment shown;
    staff of the consultation's area, all."""
    consultation = find(request.user, consultation_id)
    limit = max(1, min(limit, MAX_PAGE))
    staff = can_manage(request.user, consultation)
    qs = Comment.objects.visible_to(request.user).filter(consultation=consultation)
    items = qs.select_related("contact_point").order_by("pk")[
        max(0, offset) : max(0, offset) + limit
    ]
    return [comment_out(c, staff=staff, user=request.user) for c in items]


@router.post(
    "/legislation/consultations/{int:consultation_id}/comments",
    response=answers(DraftCommentOut, *ACTS_ON, 429, status=201),
    auth=None,
)
def comment(request: HttpRequest, consultation_id: Id, payload: DraftCommentIn) -> Any:
    """Comment on the whole draft or one provision: as a signed-in citizen or deputy (the
    session's CSRF token checked), or without an account where the consultation invites the
    public. Without an account the same rules hold as on the web page: the open period, the
    length limit, the same comment twice from the same client address refused, and a limit
    of comments per address (429 with `Retry-After`). With an `Idempotency-Key` header, a
    retry with the same key and body answers the same comment (`Idempotent-Replayed: true`);
    the same key with another body answers 422."""
    user: Any = request.user
    signed_in = bool(getattr(user, "is_authenticated", False))
    if signed_in and check_csrf(request) is not None:
        raise HttpError(403, "CSRF check failed")
    if not signed_in:
        user = AnonymousUser()
    consultation = find(user, consultation_id)
    address = client_ip(request)
    anonymous_key = "" if signed_in else "api:" + address
    author_key = f"u{user.pk}" if signed_in else anonymous_author(anonymous_key)
    key = (request.headers.get("Idempotency-Key") or "")[:100]
    before = bool(key) and (Comment.objects.filter(author_key=author_key, request_key=key).exists())
    with api_fields(FIELDS):
        made = actions.comment(
            user,
            consultation,
            opinion=actions.Opinion(
                body=payload.body,
                provision_id=payload.provision_id,
                named=payload.named,
                signature=payload.signature,
            ),
            anonymous_key=anonymous_key,
            request_key=key,
            address=address,
        )
    response = JsonResponse(comment_out(made, staff=False, user=user), status=201)
    if before:
        response["Idempotent-Replayed"] = "true"
    return response


@router.post(
    "/legislation/consultations/{int:consultation_id}/dispositions",
    response=answers(DisposedOut, *ACTS_ON),
)
def dispose(request: HttpRequest, consultation_id: Id, payload: DispositionIn) -> Any:
    """Give comments (one, or a group) a disposition: adopted, partly, not_adopted (with a
    reason) or covered (with the article, `covered_by_id`). Staff, once the period closed."""
    consultation = find(request.user, consultation_id)
    with api_fields(FIELDS):
        count = actions.dispose(
            request.user,
            consultation,
            comment_ids=payload.comment_ids,
            disposition=payload.disposition,
            reason=payload.reason,
            covered_by_id=payload.covered_by_id,
        )
    return {"disposed": count}


@router.post("/legislation/comments/{int:comment_id}/hide", response=STEP)
def hide(request: HttpRequest, comment_id: Id, payload: HideCommentIn) -> Any:
    """Hide an abusive comment with a reason (staff); its author is told."""
    found = get_object_or_404(Comment.objects.visible_to(request.user), pk=comment_id)
    done = actions.hide(request.user, found, reason=payload.reason)
    return comment_out(done, staff=True, user=request.user)
