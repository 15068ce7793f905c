"""Tries at the tracking number + query code pair, per client address (page and API share
the count). Counted in Django's cache: in-process by default, Redis with CACHE_REDIS_URL."""

from __future__ import annotations

from django.core.cache import cache

TRACK_LIMIT = 20  # tries per IP …
TRACK_WINDOW = 600  # … per 10 minutes


def too_many_tracking_tries(ip: str) -> bool:
    """Count one try from `ip`; True once it is past the limit."""
    key = "cases:track:" + ip
    cache.add(key, 0, TRACK_WINDOW)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, TRACK_WINDOW)
        tries = 1
    return tries > TRACK_LIMIT
