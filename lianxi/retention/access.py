"""`access_*`: the same 404 for missing and forbidden (architecture.md rule 2)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.retention.models import DeletionRequest
from lianxi.retention.policies import can_handle_requests, can_run_retention


def access_request(user: Any, request_id: int) -> DeletionRequest:
    if not can_handle_requests(user):
        raise Http404
    found = (
        DeletionRequest.objects.visible_to(user)
        .select_related("citizen", "handled_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def require_handler(user: Any) -> None:
    if not can_handle_requests(user):
        raise Http404


def require_runner(user: Any) -> None:
    if not can_run_retention(user):
        raise Http404
