"""What /healthz tells a load balancer and an operator: each engine this instance is configured with, and whether it
answers now.

Each check is one small round trip with a short timeout (the database's SELECT 1, a cache entry written and read
back, the queue's ping, the bucket looked up in the object storage), so that a load balancer may ask every few seconds.
Nothing secret is said: engines by their kind ("postgresql", "redis", "s3"), never an address or a password.

A state is "ok", "degraded: …" (the engine does not answer but a fallback serves every page: Redis down and the
database standing in, a replica down and its reads on the primary) or "down: <error class>". Degraded still answers
200, so that a load balancer keeps a web process that serves every page; any "down" answers 503.
"""

import math
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections

from . import routers

# The object storage's check runs in a thread and is given up after this many seconds: boto3 would otherwise wait a
# minute for an endpoint that drops packets.
STORAGE_TIMEOUT_SECONDS = 2
# The media storages (parvis/core/storage_settings.py): public files, and those served after a visibility rule.
MEDIA_STORAGES = ("default", "private")


def _down(error: BaseException) -> str:
    return f"down: {type(error).__name__}"


def database_engine(alias: str) -> str:
    return connections[alias].vendor  # "postgresql", "sqlite"


def database_state(alias: str = DEFAULT_DB_ALIAS) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", reported by its class
        return _down(error)
    return "ok"


def replica_state(alias: str) -> str:
    state = database_state(alias)
    if state == "ok":
        try:
            lag = routers.replica_lag(alias)
        except Exception:  # noqa: BLE001 - a lag that cannot be read says nothing more than the connection did
            lag = None
        if lag is not None and lag > settings.PARVIS_REPLICA_LAG_SECONDS:
            routers.mark_replica_down(alias, routers.LAGGING_ASIDE)
            behind = "an unknown time" if math.isinf(lag) else f"{lag:.0f} s"
            return f"degraded: {behind} behind the primary, reads on the primary"
        return "degraded: set aside for a while, reads on the primary" if routers.replica_is_set_aside(alias) else "ok"
    # The router reads on the primary while a replica does not answer: every page is still served.
    routers.mark_replica_down(alias)
    return f"degraded: {state.removeprefix('down: ')}, reads on the primary"


def cache_engine() -> str:
    return "redis" if settings.REDIS_URL else "database"


def cache_state() -> str:
    try:
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        kept = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return _down(error)
    if not kept:
        return "down: value not kept"
    if getattr(cache, "degraded", False):
        return "degraded: redis unreachable, database cache in use"
    return "ok"


def tasks_engine() -> str:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("RQBackend"):
        return "rq"
    if backend.startswith("django_tasks_db"):
        return "database"
    return "immediate" if backend.endswith("ImmediateBackend") else backend.rsplit(".", 1)[-1]


def tasks_state() -> str:
    # Each queue's package is imported only when that back-end is the one configured (RQ needs no Redis otherwise).
    engine = tasks_engine()
    try:
        if engine == "rq":
            import django_rq

            from .failover import REDIS_DOWN

            try:
                django_rq.get_connection("default").ping()
            except REDIS_DOWN:
                if settings.TASKS["default"].get("OPTIONS", {}).get("FALLBACK"):
                    return "degraded: redis unreachable, tasks queued in the database"
                raise
        elif engine == "database":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
    except Exception as error:  # noqa: BLE001
        return _down(error)
    return "ok"


def _is_object_storage(alias: str) -> bool:
    return hasattr(storages[alias], "bucket_name")


def storage_engine() -> str:
    return "+".join(sorted({"s3" if _is_object_storage(alias) else "filesystem" for alias in MEDIA_STORAGES}))


def _writable_directory(path: Path) -> bool:
    # A media folder appears at the first upload: until then, the nearest existing folder above must accept it.
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK)


def _storage_answers(alias: str) -> None:
    storage = storages[alias]
    if _is_object_storage(alias):
        # HeadBucket: a missing bucket or refused credentials fail it (a missing object would look like an answer).
        # It needs s3:ListBucket, which the retention's sweep of orphan files needs anyway.
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    elif not _writable_directory(Path(storage.location)):
        raise PermissionError("media folder not writable")


def storage_state() -> str:
    object_storages = [alias for alias in MEDIA_STORAGES if _is_object_storage(alias)]
    pool = ThreadPoolExecutor(max_workers=len(object_storages)) if object_storages else None
    try:
        futures = [pool.submit(_storage_answers, alias) for alias in object_storages] if pool else []
        for alias in MEDIA_STORAGES:
            if alias not in object_storages:
                _storage_answers(alias)
        for future in futures:
            future.result(timeout=STORAGE_TIMEOUT_SECONDS)
    except FutureTimeout:
        return "down: timeout"
    except Exception as error:  # noqa: BLE001
        return _down(error)
    finally:
        if pool:
            # Do not wait for a hanging probe: its thread ends when boto3 gives up.
            pool.shutdown(wait=False)
    return "ok"


def report() -> tuple[dict, bool]:
    """The JSON of /healthz and whether every configured engine serves (ok or degraded)."""
    engines = {"database": database_engine(DEFAULT_DB_ALIAS)}
    checks = {"database": database_state(DEFAULT_DB_ALIAS)}
    for alias in routers.replica_aliases():
        engines[alias] = database_engine(alias)
        checks[alias] = replica_state(alias)
    engines["cache"], checks["cache"] = cache_engine(), cache_state()
    engines["tasks"], checks["tasks"] = tasks_engine(), tasks_state()
    engines["storage"], checks["storage"] = storage_engine(), storage_state()
    serving = all(state == "ok" or state.startswith("degraded") for state in checks.values())
    status = "ok" if all(state == "ok" for state in checks.values()) else ("degraded" if serving else "down")
    return {"status": status, "engines": engines, "checks": checks}, serving
