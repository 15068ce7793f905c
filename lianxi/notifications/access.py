"""One notification of the signed-in person, or the same 404 for missing and another's."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lianxi.notifications.models import OutboxMessage


def access_notification(user: Any, message_id: int) -> OutboxMessage:
    found = OutboxMessage.objects.inbox(user).filter(pk=message_id).first()
    if found is None:
        raise Http404
    return found
