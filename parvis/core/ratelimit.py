"""Per-person rate limits on writes (posting, commenting, reporting, guessing a residence code), counted exactly
however many worker processes count at once.

A fixed window per key, one counter per window, moved by one atomic statement: Redis's INCR when REDIS_URL answers,
else a `RateCounter` row written with INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL, SQLite ≥ 3.35), also
while Redis is down. The database cache's `incr` is a read then a write: two workers reading 4 would both write 5.
"""

import contextlib
import hashlib
import itertools
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils.translation import ngettext

from .failover import FailoverRedisCache, RedisUnavailable
from .models import RateCounter

# Every PURGE_EVERY-th count in a process also deletes the counters whose window has ended.
PURGE_EVERY = 100
_counted = itertools.count(1)


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
    if not _enabled(always):
        return
    now = _now()
    window = int(now // period)
    if _count_one(_counter_key(key, period), window, period) > limit:
        raise RateLimited(retry_after=_retry_after(now, period, window))


@dataclass(frozen=True)
class Attempt:
    """An attempt counted by `rate_take`: (counter key, window) under each of its limits."""

    counted: tuple[tuple[str, int], ...] = ()

    def give_back(self) -> None:
        """Uncount the attempt: it turned out not to be one that counts (a right residence code)."""
        for counter, window in self.counted:
            _uncount_one(counter, window)


def rate_take(limits: Iterable[tuple[str, int]], period: int, *, always: bool = False) -> Attempt:
    """Count one attempt under each (key, limit) *before* making it, each in one atomic step, and raise RateLimited
    if any key is already at its limit. Checking first and counting after would let simultaneous attempts all pass
    the check; here N of them at once let exactly `limit` through. A refused attempt counts under no key, so that a
    person held back by their own limit does not use up the higher ceiling they share with their address. Call
    `give_back()` on the result when the attempt should not count after all (only wrong guesses count)."""
    if not _enabled(always):
        return Attempt()
    now = _now()
    window = int(now // period)
    counted: list[tuple[str, int]] = []
    for key, limit in limits:
        counter = _counter_key(key, period)
        count = _count_one(counter, window, period)
        counted.append((counter, window))
        if count > limit:
            Attempt(tuple(counted)).give_back()
            raise RateLimited(retry_after=_retry_after(now, period, window))
    return Attempt(tuple(counted))


def rate_reached(key: str, limit: int, period: int, *, always: bool = False) -> int:
    """Seconds until `key` may act again if it already counted `limit` actions in this window, else 0. Counts
    nothing, so it only informs (say so before a form is filled): to refuse an attempt past a limit, `rate_take`
    checks and counts in one step."""
    if not _enabled(always):
        return 0
    now = _now()
    window = int(now // period)
    if _peek(_counter_key(key, period), window) >= limit:
        return _retry_after(now, period, window)
    return 0


def rate_counters_purge() -> int:
    """Delete the database counters whose window has ended (counting calls it now and then); returns how many."""
    deleted, _ = RateCounter.objects.filter(expires_at__lte=datetime.fromtimestamp(_now(), tz=UTC)).delete()
    return deleted


def _now() -> float:
    """The clock windows are cut from; a test pins it so that its actions never straddle two windows."""
    return time.time()


def _enabled(always: bool) -> bool:
    return always or getattr(settings, "PARVIS_RATE_LIMITS", True)


def _retry_after(now: float, period: int, window: int) -> int:
    return max(1, int((window + 1) * period - now))


def _counter_key(key: str, period: int) -> str:
    counter = f"{key}/{period}"
    if len(counter) > 200:  # an e-mail address in the key may be 254 characters long
        counter = f"{counter[:100]}#{hashlib.sha256(counter.encode()).hexdigest()}"
    return counter


def _redis():
    """The Redis cache when REDIS_URL is set, else None."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    return backend if isinstance(backend, FailoverRedisCache) else None


def _redis_key(counter: str, window: int) -> str:
    return f"ratelimit:{counter}:{window}"


def _count_one(counter: str, window: int, period: int) -> int:
    """Add one to the counter of this window and return its new value, atomically."""
    redis = _redis()
    if redis is not None:
        key = _redis_key(counter, window)
        try:
            # `add` only sets a missing key (SET NX), so two processes starting a window do not reset each other.
            redis.redis_call("add", key, 0, timeout=period + 1)
            try:
                return redis.redis_call("incr", key)
            except ValueError:  # expired between add and incr: a new window
                redis.redis_call("set", key, 1, timeout=period + 1)
                return 1
        except RedisUnavailable:
            pass
    count = _count_one_in_table(counter, window, period)
    if next(_counted) % PURGE_EVERY == 0:
        rate_counters_purge()
    return count


def _count_one_in_table(counter: str, window: int, period: int) -> int:
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key, window_, count, expires_at = (
        quote(RateCounter._meta.get_field(name).column) for name in ("key", "window", "count", "expires_at")
    )
    expires = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp((window + 1) * period, tz=UTC))
    # One statement: concurrent writers of the same row wait for each other, none reads a stale count.
    sql = (
        f"INSERT INTO {table} ({key}, {window_}, {count}, {expires_at}) VALUES (%s, %s, 1, %s) "  # noqa: S608 (quoted names only)
        f"ON CONFLICT ({key}, {window_}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [counter, window, expires])
        return cursor.fetchone()[0]


def _uncount_one(counter: str, window: int) -> None:
    redis = _redis()
    if redis is not None:
        try:
            with contextlib.suppress(ValueError):  # the window has expired meanwhile: nothing to give back
                redis.redis_call("decr", _redis_key(counter, window))
            return
        except RedisUnavailable:
            pass
    RateCounter.objects.filter(key=counter, window=window, count__gt=0).update(count=F("count") - 1)


def _peek(counter: str, window: int) -> int:
    redis = _redis()
    if redis is not None:
        try:
            return int(redis.redis_call("get", _redis_key(counter, window)) or 0)
        except RedisUnavailable:
            pass
    return RateCounter.objects.filter(key=counter, window=window).values_list("count", flat=True).first() or 0
