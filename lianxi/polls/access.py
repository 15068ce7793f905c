"""`access_*` helpers: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.polls.models import Poll
from lianxi.polls.policies import can_enter_paper, can_see_results


def access_poll(user: Any, poll_id: int) -> Poll:
    found = (
        Poll.objects.visible_to(user)
        .select_related("area", "deputy", "station")
        .filter(pk=poll_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_worked(user: Any, poll_id: int) -> Poll:
    """A poll on the user's work list: staff of its area, the deputy who asks it."""
    found = (
        Poll.objects.worked_by(user)
        .select_related("area", "deputy", "station")
        .filter(pk=poll_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_results(user: Any, poll_id: int) -> Poll:
    poll = access_poll(user, poll_id)
    if not can_see_results(user, poll):
        raise Http404
    return poll


def access_paper(user: Any, poll_id: int) -> Poll:
    """A poll whose paper answers the user may enter."""
    found = Poll.objects.select_related("area", "station").filter(pk=poll_id).first()
    if found is None or not can_enter_paper(user, found):
        raise Http404
    return found
