"""The deputy's side: what needs them now, and their calendar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from lianxi.api.bounds import Moment
from lianxi.api.problems import answers
from lianxi.api.routers.committee.router import router
from lianxi.committee.inbox import calendar_items, inbox_for
from lianxi.committee.messages import RANGE_TOO_LONG
from lianxi.committee.querysets import deputy_of
from lianxi.core.errors import InvalidInput


@router.get("/committee/inbox", response=answers(Any, 404))
def inbox(request: HttpRequest) -> Any:
    """What needs the signed-in deputy now."""
    if deputy_of(request.user) is None:
        raise Http404
    box = inbox_for(request.user)
    return {
        "notices": [{"id": n.pk, "title": n.title} for n in box.notices],
        "invitations": [
            {
                "id": i.pk,
                "activity_id": i.activity_id,
                "title": i.activity.title,
                "starts_at": i.activity.starts_at,
            }
            for i in box.invitations
        ],
        "sessions": [
            {"id": s.pk, "course_id": s.course_id, "title": s.title, "starts_at": s.starts_at}
            for s in box.sessions
        ],
        "cases": [
            {"id": c.pk, "tracking_number": c.tracking_number, "due_date": c.due_date}
            for c in box.cases
        ],
    }


@router.get("/committee/calendar", response=answers(Any, 404, 422))
def calendar(request: HttpRequest, start: Moment | None = None, end: Moment | None = None) -> Any:
    """Shifts, sessions and activities between `start` and `end` (default: the next 31 days)."""
    deputy = deputy_of(request.user)
    if deputy is None:
        raise Http404
    start = start or timezone.now()
    end = end or start + timedelta(days=31)
    start, end = (timezone.make_aware(t) if timezone.is_naive(t) else t for t in (start, end))
    if end - start > timedelta(days=400) or end <= start:
        raise InvalidInput(str(RANGE_TOO_LONG), field="end")
    return [item.__dict__ for item in calendar_items(deputy, start, end)]
