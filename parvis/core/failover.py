"""Redis, when configured, holds the cache (rate-limit counters, allauth's limits and used TOTP codes) and the task
queue. If it stops answering, sign-in and posting must go on: the cache falls back to the database cache table and
the queue to the database queue, each for a short while before Redis is tried again. Each process decides alone
(a failed call marks Redis down in that process for RETRY_AFTER seconds), so that an outage costs one short
connection timeout per process and period, not one per request."""

import contextlib
import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django_redis.cache import RedisCache
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("parvis.failover")

# How long a process keeps using the fallback after Redis failed, before trying Redis again.
RETRY_AFTER = 30
# What an unreachable or hanging Redis raises (django-redis re-raises redis-py's own errors).
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class RedisUnavailable(Exception):
    """Redis does not answer (now, or within the last RETRY_AFTER seconds in this process)."""


class FailoverRedisCache(BaseCache):
    """django-redis's cache, falling back to the cache alias named in OPTIONS["FALLBACK"] (a database cache) while
    Redis does not answer. Keys are made by each underlying cache, so prefixes and versions apply once."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK")
        params = {**params, "OPTIONS": options}
        super().__init__({key: value for key, value in params.items() if key != "OPTIONS"})
        self._redis = RedisCache(server, params)
        self._down_until = 0.0

    @property
    def degraded(self) -> bool:
        """True while this process uses the fallback."""
        return time.monotonic() < self._down_until

    def _call(self, method: str, *args, **kwargs):
        try:
            return self.redis_call(method, *args, **kwargs)
        except RedisUnavailable:
            return getattr(caches[self._fallback_alias], method)(*args, **kwargs)

    def redis_call(self, method: str, *args, **kwargs):
        """Call `method` on Redis alone, raising RedisUnavailable instead of falling back to the database cache: for
        callers whose fallback is elsewhere (rate-limit counters need an atomic increment, which the database cache's
        read-then-write `incr` is not)."""
        if self.degraded:
            raise RedisUnavailable
        try:
            return getattr(self._redis, method)(*args, **kwargs)
        except REDIS_DOWN as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "redis unreachable: cache on the database for %s s", RETRY_AFTER, extra={"error": repr(error)}
            )
            raise RedisUnavailable from error

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None, **kwargs):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None, **kwargs):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None, **kwargs):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None, **kwargs):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None, **kwargs):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None, **kwargs):
        return self._call("decr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None, **kwargs):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        for cache in (self._redis, caches[self._fallback_alias]):
            with contextlib.suppress(REDIS_DOWN):
                cache.close(**kwargs)


class FailoverRQBackend(RQBackend):
    """The RQ task back-end, enqueuing on the task back-end named in OPTIONS["FALLBACK"] (the database queue, run by
    `manage.py db_worker --backend database`) while Redis does not answer, instead of failing the request that
    enqueued (a post's notifications, a sign-up's e-mail)."""

    _down_until = 0.0

    def enqueue(self, task, args, kwargs):
        if time.monotonic() >= type(self)._down_until:
            try:
                return super().enqueue(task, args, kwargs)
            except REDIS_DOWN as error:
                type(self)._down_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "redis unreachable: tasks queued in the database for %s s",
                    RETRY_AFTER,
                    extra={"error": repr(error)},
                )
        return task.using(backend=self.options["FALLBACK"]).enqueue(*args, **kwargs)
