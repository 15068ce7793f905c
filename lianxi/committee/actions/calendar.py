"""The private address of a user's iCal feed."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.committee.models import CalendarToken
from lianxi.core.actions import action
from lianxi.core.errors import NotAllowed


@action("committee.reset_calendar_token")
def reset_calendar_token(actor: Any) -> CalendarToken:
    """Make (or replace) the feed's secret address; the old one stops working."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Sign in first."))
    token, _created = CalendarToken.objects.update_or_create(
        user=actor, defaults={"token": secrets.token_urlsafe(32)}
    )
    log(actor, "committee.reset_calendar_token", token)
    return token
