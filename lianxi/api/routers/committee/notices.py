"""Notices: staff write, address, publish and withdraw them; deputies read and confirm."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.problems import answers
from lianxi.api.routers.committee.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.committee.schemas import NoticeIn, NoticeOut, PublishIn, ReceiptOut
from lianxi.api.steps import steps
from lianxi.committee import actions
from lianxi.committee.actions.common import spec_of
from lianxi.committee.models import Notice, NoticeRead
from lianxi.committee.policies import is_committee_staff
from lianxi.committee.querysets import deputy_of


def _audience_out(audience: Any) -> dict[str, Any]:
    return {**spec_of(audience).__dict__, "reached": audience.deputies_qs().count()}


def _notice_out(notice: Notice, receipt: NoticeRead | None = None) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "must_confirm": notice.must_confirm,
        "status": notice.status,
        "publish_at": notice.publish_at,
        "published_at": notice.published_at,
        "closes_at": notice.closes_at,
        "read_at": receipt.read_at if receipt else None,
        "confirmed_at": receipt.confirmed_at if receipt else None,
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size, "content_type": a.content_type}
            for a in notice.attachments.all()
        ],
    }


def _receipt(user: Any, notice: Notice) -> NoticeRead | None:
    deputy = deputy_of(user)
    return NoticeRead.objects.filter(notice=notice, deputy=deputy).first() if deputy else None


def _notice(user: Any, notice_id: int) -> Notice:
    return get_object_or_404(Notice.objects.visible_to(user), pk=notice_id)


@router.get("/committee/notices", response=list[NoticeOut])
def list_notices(
    request: HttpRequest, offset: Offset = 0, limit: Limit = 50
) -> list[dict[str, Any]]:
    """Notices I may see: staff, those of their jurisdiction; deputies, those addressed to them."""
    limit = max(1, min(limit, MAX_PAGE))
    qs = Notice.objects.visible_to(request.user).prefetch_related("attachments")
    items = list(qs.order_by("-id")[max(0, offset) : max(0, offset) + limit])
    deputy = deputy_of(request.user)
    receipts = (
        {r.notice_id: r for r in NoticeRead.objects.filter(deputy=deputy, notice__in=items)}
        if deputy
        else {}
    )
    return [_notice_out(n, receipts.get(n.pk)) for n in items]


@router.post("/committee/notices", response=MADE)
def create_notice(request: HttpRequest, payload: NoticeIn) -> Any:
    return _notice_out(actions.save_notice(request.user, data=payload.data(actions.NoticeInput)))


@router.get("/committee/notices/{int:notice_id}", response=answers(Any, 404))
def get_notice(request: HttpRequest, notice_id: Id) -> Any:
    notice = _notice(request.user, notice_id)
    body = _notice_out(notice, _receipt(request.user, notice))
    if is_committee_staff(request.user):
        body["audience"] = _audience_out(notice.audience)
    return body


@router.put("/committee/notices/{int:notice_id}", response=STEP)
def edit_notice(request: HttpRequest, notice_id: Id, payload: NoticeIn) -> Any:
    notice = _notice(request.user, notice_id)
    return _notice_out(
        actions.save_notice(request.user, data=payload.data(actions.NoticeInput), notice=notice)
    )


def _notice_step(request: HttpRequest, notice_id: Id, do: Callable[[Any, Notice], Any]) -> Any:
    notice = _notice(request.user, notice_id)
    do(request.user, notice)
    return _notice_out(Notice.objects.get(pk=notice.pk), _receipt(request.user, notice))


step = steps(router, "/committee/notices", "notice_id", run=_notice_step, response=STEP)


@step("publish")
def publish_notice(user: Any, notice: Notice, payload: PublishIn) -> Any:
    """Publish now, or schedule with `at`."""
    return actions.publish_notice(user, notice=notice, at=payload.at)


@step("withdraw")
def withdraw_notice(user: Any, notice: Notice) -> Any:
    return actions.withdraw_notice(user, notice=notice)


@step("read")
def read_notice(user: Any, notice: Notice) -> Any:
    """The deputy's read receipt."""
    return actions.read_notice(user, notice=notice)


@step("confirm")
def confirm_notice(user: Any, notice: Notice) -> Any:
    return actions.confirm_notice(user, notice=notice)


@router.get(
    "/committee/notices/{int:notice_id}/receipts",
    response=answers(list[ReceiptOut], 404),
)
def notice_receipts(request: HttpRequest, notice_id: Id) -> Any:
    """Who read what (staff): every deputy the notice reaches now, with their receipt."""
    notice = _notice(request.user, notice_id)
    if not is_committee_staff(request.user):
        raise Http404
    receipts = {r.deputy_id: r for r in NoticeRead.objects.filter(notice=notice)}
    rows = []
    for deputy in notice.audience.deputies_qs().order_by("name", "pk"):
        r = receipts.get(deputy.pk)
        rows.append(
            {
                "deputy_id": deputy.pk,
                "deputy": deputy.name,
                "read_at": r.read_at if r else None,
                "confirmed_at": r.confirmed_at if r else None,
            }
        )
    return rows
