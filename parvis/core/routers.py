"""Reads that may lag go to the read replicas (DATABASE_REPLICA_URLS); every other query goes to the primary.

A replica replays the primary's changes a little late. A person must never see an older state than the one they
have just written, so a read goes to a replica only when all of these hold:

- it runs inside a web request that `ReplicaReadsMiddleware` opened to lagging reads: a GET, HEAD or OPTIONS whose
  browser wrote nothing in the last PARVIS_REPLICA_LAG_SECONDS (the mark set in a cookie after any write);
- nothing has been written yet in this request (the first write sends the rest of the request to the primary);
- no transaction is open on the primary (a read inside one must see what it wrote);
- its table is not one that coordinates processes (the cache table, the sessions).

Outside a request (tasks, commands, the shell) every read is on the primary: a task often runs milliseconds after the
commit that queued it, before any replica has it. A replica that cannot be reached is left aside by this process for
RETRY_AFTER seconds, its reads going to the primary, so that a replica's outage slows nothing down. A replica that
answers but has fallen further behind than PARVIS_REPLICA_LAG_SECONDS (asked at most every LAG_CHECK_EVERY seconds
per process) is left aside the same way for LAGGING_ASIDE seconds: past that lag, the write mark no longer covers
the time a person's write takes to reach it.

The router and the middleware are installed on every instance; without replicas every read goes to the primary and
no cookie is set, so the small instance and the large one run the same code.
"""

import contextvars
import itertools
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

logger = logging.getLogger("parvis.replicas")

# The browser's mark of a recent write: the Unix time until which its reads stay on the primary. Not signed: a person
# who forges it only moves their own reads between the primary and a replica.
RECENT_WRITE_COOKIE = "parvis_wrote"
# Reads of a request that may lag (the safe methods); any other method is a write, wholly on the primary.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Tables several processes use to agree with each other: the database cache (rate limits, the generation of the
# visitors' pages, the viewer cache) and the sessions (a sign-in must hold on the very next page). A lagging copy of
# them would undo another process's write, so they are always read on the primary.
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions"})
# How long a process leaves a replica aside after failing to reach it.
RETRY_AFTER = 30
# How often a process asks a replica how far behind it is, and how long it leaves a lagging one aside.
LAG_CHECK_EVERY = 5.0
LAGGING_ASIDE = 10
# Asked of the server named as a replica: NULL when it is not a standby (a development database named as a replica:
# no verdict); 0 when it has applied everything it received (even if the primary has been idle for an hour, which
# would make the time of the last replayed commit look old); else the age of the last commit it replayed, or infinity
# when it has replayed none since it started (behind by an unknown time: left aside until it has caught up).
LAG_QUERY = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity'::numeric) END"
)


@dataclass
class RequestReads:
    """What the router knows of the request under way."""

    may_lag: bool
    wrote: bool = False
    # Some read of this request was answered by a replica: what it built may be older than the primary.
    read_on_replica: bool = False


_request_reads: contextvars.ContextVar[RequestReads | None] = contextvars.ContextVar(
    "parvis_request_reads", default=None
)
_replica_down_until: dict[str, float] = {}
_lag_checked_at: dict[str, float] = {}
_rotation = itertools.count()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "PARVIS_DATABASE_REPLICAS", []))


def connection_answers(alias: str) -> bool:
    """Opens the alias's connection if needed (a no-op when it is open, as it is on most requests)."""
    try:
        connections[alias].ensure_connection()
    except Error as error:
        logger.warning("replica unreachable: its reads go to the primary", extra={"alias": alias, "error": repr(error)})
        return False
    return True


def usable_replicas() -> list[str]:
    now = time.monotonic()
    return [alias for alias in replica_aliases() if _replica_down_until.get(alias, 0.0) <= now]


def mark_replica_down(alias: str, seconds: float = RETRY_AFTER) -> None:
    _replica_down_until[alias] = time.monotonic() + seconds


def replica_lag(alias: str) -> float | None:
    """How many seconds the replica is behind the primary; None when it cannot say (not a PostgreSQL standby)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(LAG_QUERY)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else float(row[0])


def lags_too_far(alias: str) -> bool:
    """Asks the replica its lag if this process has not for LAG_CHECK_EVERY seconds; True when it is past
    PARVIS_REPLICA_LAG_SECONDS (the replica is then left aside LAGGING_ASIDE seconds)."""
    now = time.monotonic()
    if now - _lag_checked_at.get(alias, float("-inf")) < LAG_CHECK_EVERY:
        return False
    _lag_checked_at[alias] = now
    try:
        lag = replica_lag(alias)
    except Error:
        return False  # a replica that fails to answer is the connection check's business
    if lag is None or lag <= settings.PARVIS_REPLICA_LAG_SECONDS:
        return False
    logger.warning("replica lagging: its reads go to the primary", extra={"alias": alias, "lag_seconds": lag})
    mark_replica_down(alias, LAGGING_ASIDE)
    return True


def replica_is_set_aside(alias: str) -> bool:
    return _replica_down_until.get(alias, 0.0) > time.monotonic()


def read_may_lag(model) -> bool:
    reads = _request_reads.get()
    if reads is None or not reads.may_lag or reads.wrote:
        return False
    if model is not None and model._meta.app_label in PRIMARY_ONLY_APPS:
        return False
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


def request_read_on_replica() -> bool:
    """Whether the request under way has read anything on a replica so far: what it built from those reads may miss
    the last PARVIS_REPLICA_LAG_SECONDS of writes, so it must not be kept for later (parvis/core/pagecache.py)."""
    reads = _request_reads.get()
    return reads is not None and reads.read_on_replica


def note_write(model) -> None:
    """Called for every write the ORM routes: the rest of the request reads on the primary. Writes to the tables read
    on the primary anyway (a cache entry, the session) do not count: many pages a visitor reads write those, and
    marking the browser after them would only take its next pages off the replicas and out of the page cache."""
    reads = _request_reads.get()
    if reads is not None and (model is None or model._meta.app_label not in PRIMARY_ONLY_APPS):
        reads.wrote = True


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not read_may_lag(model):
            return DEFAULT_DB_ALIAS
        replicas = usable_replicas()
        # Round robin from a shared counter, so that each replica takes its share of a process's reads.
        start = next(_rotation)
        for offset in range(len(replicas)):
            alias = replicas[(start + offset) % len(replicas)]
            if not connection_answers(alias):
                mark_replica_down(alias)
                continue
            if lags_too_far(alias):
                continue
            _request_reads.get().read_on_replica = True
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        note_write(model)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas are copies of the primary: an object read on one may point to an object read on another.
        same_data = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # A replica receives the primary's changes, migrations included: it is never migrated itself.
        return False if db in replica_aliases() else None


def recent_write_mark(request) -> bool:
    try:
        until = float(request.COOKIES.get(RECENT_WRITE_COOKIE, "0"))
    except ValueError:
        return False
    return time.time() < until


class ReplicaReadsMiddleware:
    """Opens each request to lagging reads or not (see the module's docstring), and marks the browser after a write so
    that its next PARVIS_REPLICA_LAG_SECONDS of reads stay on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = RequestReads(may_lag=request.method in SAFE_METHODS and not recent_write_mark(request))
        token = _request_reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if replica_aliases() and (reads.wrote or request.method not in SAFE_METHODS):
            lag = settings.PARVIS_REPLICA_LAG_SECONDS
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                str(int(time.time()) + lag + 1),
                max_age=lag + 1,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
