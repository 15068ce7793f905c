"""Comments from people without an account, counted per client address in Django's cache
(in-process by default, Redis with CACHE_REDIS_URL): the web form and the API share the
count, so neither is a way round the other."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from lianxi.core.errors import RateLimited

PUBLIC_LIMIT = 20  # comments without an account per address …
PUBLIC_WINDOW = 600  # … per 10 minutes


def count_public_comment(address: str) -> None:
    """Count one comment from `address`; past the limit raise RateLimited with the seconds
    until the window ends (a refused comment is not counted)."""
    if not address:
        return
    now = int(time.time())
    start = now - now % PUBLIC_WINDOW
    key = f"legislation:public:{address}:{start}"
    cache.add(key, 0, PUBLIC_WINDOW)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, PUBLIC_WINDOW)
        count = 1
    if count > PUBLIC_LIMIT:
        try:
            cache.decr(key)
        except ValueError:
            pass
        wait = start + PUBLIC_WINDOW - now
        minutes = max(1, (wait + 59) // 60)
        raise RateLimited(
            _("Many comments were sent from this network just now.")
            + " "
            + _("Try again in %(n)s minutes.") % {"n": minutes},
            field=None,
            retry_after=max(1, wait),
        )
