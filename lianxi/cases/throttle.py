"""Counters in Django's cache (in-process by default, Redis with CACHE_REDIS_URL): tries at the
tracking number + query code pair per client address (page and API share the count), at
revealing a citizen's contact per user, and filings per client address, phone, session and API
client (intake limits)."""

from __future__ import annotations

import time
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from lianxi.core.errors import RateLimited

TRACK_LIMIT = 20  # tries per IP …
TRACK_WINDOW = 600  # … per 10 minutes


def count_try(key: str, window: int) -> int:
    """Count one try under `key` in a window of `window` seconds; the tries so far."""
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def too_many_tracking_tries(ip: str) -> bool:
    """Count one try from `ip`; True once it is past the limit."""
    return count_try("cases:track:" + ip, TRACK_WINDOW) > TRACK_LIMIT


def _messages() -> dict[str, str]:
    return {
        "address": _("Too many matters were filed from this network."),
        "phone": _("Too many matters were filed with this mobile number."),
        "session": _("You have filed many matters just now."),
        "client": _("This client has filed too many matters."),
    }


def count_filing(who: Mapping[str, str]) -> None:
    """Count one filing against each scope in `who` (address, phone, session, client → the
    value it is counted under). Past a scope's limit (settings.INTAKE_LIMITS: how many per
    window of seconds; 0 is no limit) raise RateLimited with the seconds until its window
    ends; a refused filing is not counted."""
    now = int(time.time())
    counted: list[str] = []
    for scope, value in who.items():
        limit, window = settings.INTAKE_LIMITS.get(scope, (0, 0))
        if not value or limit <= 0:
            continue
        start = now - now % window  # fixed windows: the wait is exact
        key = f"cases:intake:{scope}:{value}:{start}"
        # Count first, then compare: one atomic increment, so filings sent at the same moment
        # cannot all see room under the limit (a read, then a write, would let them).
        counted.append(key)
        if count_try(key, window) > limit:
            for done in counted:  # not counted after all
                _uncount(done)
            wait = start + window - now
            minutes = max(1, (wait + 59) // 60)
            message = _messages()[scope] + " " + _("Try again in %(n)s minutes.") % {"n": minutes}
            raise RateLimited(message, field=None, retry_after=max(1, wait))


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing to take back
        pass
