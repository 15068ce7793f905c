"""Counters of tries in Django's cache (in-process by default, Redis with CACHE_REDIS_URL):
at the tracking number + query code pair per client address (page and API share the count),
and at revealing a citizen's contact per user."""

from __future__ import annotations

from django.core.cache import cache

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
