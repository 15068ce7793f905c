"""The publicity app listens to the case steps that put a case on or off the public side, and
keeps the public digest of published cases (digest.py) in the same transaction."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.publicity import digest


@subscribe("cases.publish", "cases.unpublish", "cases.reopen", "cases.rate", "cases.close_unrated")
def keep_published_digest(event: Announcement) -> None:
    digest.refresh_case(event.target.pk)
