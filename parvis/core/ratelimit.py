"""Per-person rate limits on writes (posting, commenting, reporting), counted in Django's cache.

A fixed window per key: cheap (one `add` and one `incr`), shared by every web process: the cache is a database table,
or Redis when REDIS_URL is set (falling back to the table while Redis does not answer).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class RateLimited(ValidationError):
    """A ValidationError, so that every view that already answers bad input with a message answers this one too;
    the API maps it to HTTP 429 with `retry_after` seconds."""

    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "You are posting too fast: try again in %(minutes)s minute.",
                "You are posting too fast: try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )


def check_rate(key: str, limit: int, period: int, *, always: bool = False) -> None:
    """Count one more action under `key` (e.g. "post:42"); raise RateLimited past `limit` actions per `period`
    seconds. Does nothing when PARVIS_RATE_LIMITS is off (the default under pytest, where hundreds of posts are
    created by the same few people), unless `always`: limits that protect other people (e-mails sent to an
    address someone typed) are a rule of the product, not an anti-flood measure."""
    if not (always or getattr(settings, "PARVIS_RATE_LIMITS", True)):
        return
    now = time.time()
    window = int(now // period)
    cache_key = _cache_key(key, period, window)
    # `add` only sets a missing key, so two processes starting a window do not reset each other's count.
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: count this action as the first one
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int((window + 1) * period - now)))


def _cache_key(key: str, period: int, window: int) -> str:
    return f"ratelimit:{key}:{period}:{window}"


def rate_reached(key: str, limit: int, period: int, *, always: bool = False) -> int:
    """Seconds until `key` may act again if it already counted `limit` actions in this window, else 0. Counts
    nothing: for attempts where only failures count (guessing a residence code), check this before trying and call
    `check_rate` after a failure, so that a right guess past the limit is refused like a wrong one."""
    if not (always or getattr(settings, "PARVIS_RATE_LIMITS", True)):
        return 0
    now = time.time()
    window = int(now // period)
    if (cache.get(_cache_key(key, period, window)) or 0) >= limit:
        return max(1, int((window + 1) * period - now))
    return 0
