"""On a merge, the merged case's followers move to the case it was merged into
(lianxi/core/events.py). What followers are told is the notification rules' business
(lianxi/notifications/rules/follows.py)."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.topics.actions import carry_over_followers


@subscribe("cases.merge")
def move_followers(event: Announcement) -> None:
    carry_over_followers(event.target)
