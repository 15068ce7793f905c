"""What the routing record keeps when cases move (lianxi/core/events.py): the suggestion made
at intake, and staff's corrections at triage, which become training data."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.insight.actions import record_correction, record_suggestion


@subscribe("cases.submit")
def suggestion_made(event: Announcement) -> None:
    record_suggestion(event.target, event.get("suggestion"), applied=event["suggestion_applied"])


@subscribe("cases.accept")
def category_corrected(event: Announcement) -> None:
    category = event.get("corrected_category")
    if category is not None:
        record_correction(event.actor, event.target, category)
