"""Rate-limit counters are exact when many requests count at once: several workers counting the same person never
undercount (the database cache's `incr` reads then writes), and a limit lets exactly `limit` actions through, on
SQLite and PostgreSQL, in Redis, and in the database while Redis does not answer."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.core import ratelimit
from parvis.core.models import RateCounter
from parvis.core.ratelimit import RateLimited, check_rate, rate_reached, rate_take
from tests.concurrency import at_once
from tests.engines import closed_port, redis_answers

THREADS = 8
EACH = 15


def count_in_threads(key: str, limit: int) -> int:
    """THREADS threads counting EACH actions each under `key`; how many were let through in all."""

    def worker() -> int:
        passed = 0
        for _ in range(EACH):
            try:
                check_rate(key, limit, 3600)
                passed += 1
            except RateLimited:
                pass
        return passed

    results = at_once(THREADS, worker)
    assert all(isinstance(result, int) for result in results), results
    return sum(results)


def test_simultaneous_counts_reach_exactly_the_right_total(transactional_db, rate_limits_on):
    assert count_in_threads("post:1", 10**6) == THREADS * EACH
    # Every action counted: exactly THREADS * EACH of them, not fewer.
    assert rate_reached("post:1", THREADS * EACH, 3600) > 0
    assert rate_reached("post:1", THREADS * EACH + 1, 3600) == 0
    assert RateCounter.objects.get(key="post:1/3600").count == THREADS * EACH


def test_simultaneous_actions_let_exactly_the_limit_through(transactional_db, rate_limits_on):
    assert count_in_threads("post:2", 37) == 37


def test_simultaneous_attempts_taken_before_trying_let_exactly_the_limit_through(transactional_db, rate_limits_on):
    def attempt():
        rate_take([("residence_code:user:7", 5), ("residence_code:ip:192.0.2.7", 50)], 900)

    results = at_once(THREADS * 2, attempt)
    assert sum(1 for result in results if result is None) == 5
    assert all(isinstance(result, RateLimited) for result in results if result is not None)
    # Refused attempts counted under no key: the person's refusals do not use up the address's ceiling.
    assert RateCounter.objects.get(key="residence_code:user:7/900").count == 5
    assert RateCounter.objects.get(key="residence_code:ip:192.0.2.7/900").count == 5


def test_a_given_back_attempt_no_longer_counts(db, rate_limits_on):
    for _ in range(3):
        rate_take([("residence_code:user:8", 3)], 900).give_back()
    rate_take([("residence_code:user:8", 3)], 900)  # still allowed: nothing stayed counted
    assert RateCounter.objects.get(key="residence_code:user:8/900").count == 1


def test_ended_windows_are_purged_as_counting_goes_on(db, rate_limits_on):
    ended = RateCounter.objects.create(
        key="post:3/600", window=1, count=20, expires_at=timezone.now() - timedelta(minutes=1)
    )
    for _ in range(ratelimit.PURGE_EVERY):
        check_rate("post:4", 10**6, 600)
    assert not RateCounter.objects.filter(pk=ended.pk).exists()
    assert RateCounter.objects.get(key="post:4/600").count == ratelimit.PURGE_EVERY


def test_long_keys_are_counted_apart(db, rate_limits_on):
    """A key holding a 254-character e-mail address still fits its column, and two such keys do not share a count."""
    first, second = "a" * 240 + "@example.org", "b" * 240 + "@example.org"
    check_rate(f"guest_rsvp:1:{first}", 1, 3600)
    check_rate(f"guest_rsvp:1:{second}", 1, 3600)
    with pytest.raises(RateLimited):
        check_rate(f"guest_rsvp:1:{first}", 1, 3600)


def redis_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "parvis.core.failover.FailoverRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"parvis-counters-test-{os.getpid()}",
            "OPTIONS": {"FALLBACK": "database", "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
        "database": settings.DATABASE_CACHE,
    }


def test_with_redis_answering_counts_are_exact_in_redis(transactional_db, rate_limits_on, settings):
    if not redis_answers():
        pytest.skip("REDIS NOT RUNNING on 127.0.0.1:6379: Redis path untested")
    import redis

    redis_cache(settings, "redis://127.0.0.1:6379/3")
    server = redis.Redis(host="127.0.0.1", port=6379, db=3)
    try:
        assert count_in_threads("post:5", 37) == 37
        assert not RateCounter.objects.exists()  # counted in Redis, not in the table
    finally:
        keys = server.keys(f"parvis-counters-test-{os.getpid()}:*")
        if keys:
            server.delete(*keys)


def test_with_redis_down_counts_are_exact_in_the_database(transactional_db, rate_limits_on, settings):
    redis_cache(settings, f"redis://127.0.0.1:{closed_port()}/3")
    assert count_in_threads("post:6", 37) == 37
    assert RateCounter.objects.get(key="post:6/3600").count == THREADS * EACH
