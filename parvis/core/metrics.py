"""The figures /metrics gives Prometheus, in its text format (written here: a few counters need no library).

Requests are counted by view name (the URL pattern's name, "unmatched" when none answered), method and status code,
and timed in a histogram by view name: never by raw path, whose ids would make one series per post. Where they are
kept decides what a scrape sees:

- with REDIS_URL, in Redis hashes shared by every web process, so that one scrape of any process gives the whole
  instance. While Redis does not answer, requests are not counted (for RETRY_AFTER seconds in that process): a
  counter that went on in one process's memory would jump back when another process answers the next scrape;
- without it, in the memory of the process that answers the scrape: with several processes, each scrape sees one of
  them (run one process, or set REDIS_URL, for whole figures).

The task queue's depth and failures, and the Redis and page cache hit counts, are read when the scrape comes.
"""

import hmac
import logging
import threading
import time
from collections import defaultdict

import redis
from django.conf import settings
from django.db.models import Count

from .failover import REDIS_DOWN, RETRY_AFTER

logger = logging.getLogger("parvis.metrics")

# Upper bounds of the latency histogram, in seconds: from a page served from cache to a slow export.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Methods counted by name; any other is "other", so that a client inventing methods adds no series.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Counting a request must cost less than a millisecond even when Redis hangs.
REDIS_TIMEOUT_SECONDS = 0.25
SEPARATOR = "\x1f"  # between the labels of one hash field: no view name, method or code holds it


def _bucket_index(seconds: float) -> int:
    return next((index for index, bound in enumerate(BUCKETS) if seconds <= bound), len(BUCKETS))


class ProcessStore:
    """The counters of this process alone."""

    name = "process"

    def __init__(self):
        self._lock = threading.Lock()
        self._hashes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(self, increments: list[tuple[str, str, float]]) -> None:
        with self._lock:
            for hash_name, field, amount in increments:
                self._hashes[hash_name][field] += amount

    def read(self, hash_name: str) -> dict[str, float]:
        with self._lock:
            return dict(self._hashes.get(hash_name, {}))


class RedisStore:
    """The counters of every process, in Redis hashes under `prefix`."""

    name = "redis"

    def __init__(self, url: str, prefix: str):
        self._client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._prefix = prefix
        self._down_until = 0.0

    def _key(self, hash_name: str) -> str:
        return f"{self._prefix}:metrics:{hash_name}"

    def add(self, increments: list[tuple[str, str, float]]) -> None:
        if time.monotonic() < self._down_until:
            return
        # One round trip for the request's few increments, without MULTI: each increment is atomic on its own.
        pipeline = self._client.pipeline(transaction=False)
        for hash_name, field, amount in increments:
            if float(amount).is_integer():
                pipeline.hincrby(self._key(hash_name), field, int(amount))
            else:
                pipeline.hincrbyfloat(self._key(hash_name), field, amount)
        try:
            pipeline.execute()
        except REDIS_DOWN as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "redis unreachable: requests not counted for %s s", RETRY_AFTER, extra={"error": repr(error)}
            )

    def read(self, hash_name: str) -> dict[str, float]:
        values = self._client.hgetall(self._key(hash_name))
        return {field.decode(): float(value) for field, value in values.items()}

    def server_info(self) -> dict:
        return self._client.info("stats")


_store: ProcessStore | RedisStore | None = None


def store() -> ProcessStore | RedisStore:
    global _store  # noqa: PLW0603 - one store per process, made at its first request
    if _store is None:
        if settings.REDIS_URL:
            _store = RedisStore(settings.REDIS_URL, settings.CACHES["default"].get("KEY_PREFIX") or "parvis")
        else:
            _store = ProcessStore()
    return _store


def request_increments(view: str, method: str, status: int, seconds: float, page_cache: str = "") -> list:
    method = method if method in METHODS else "other"
    increments = [
        ("requests", SEPARATOR.join((view, method, str(status))), 1),
        ("duration_buckets", SEPARATOR.join((view, str(_bucket_index(seconds)))), 1),
        ("duration_sum", view, seconds),
    ]
    if page_cache in {"hit", "miss"}:
        increments.append(("page_cache", page_cache, 1))
    return increments


def record_request(view: str, method: str, status: int, seconds: float, page_cache: str = "") -> None:
    if not settings.PARVIS_METRICS_TOKEN:
        return  # nobody may read them: not counted (no Redis round trip per request)
    store().add(request_increments(view, method, status, seconds, page_cache))


def view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or match._func_path) if match is not None else "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        record_request(
            view_name(request),
            request.method,
            response.status_code,
            time.perf_counter() - started,
            getattr(request, "page_cache", ""),
        )
        return response


def token_verdict(authorization: str) -> str:
    """ "missing", "wrong" or "right", for the Authorization header sent to /metrics; compared in constant time."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return "missing"
    expected = settings.PARVIS_METRICS_TOKEN.encode()
    return "right" if hmac.compare_digest(token.strip().encode(), expected) else "wrong"


def _label_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{name}="{_label_value(str(value))}"' for name, value in labels.items()) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _family(lines: list[str], name: str, kind: str, help_text: str) -> None:
    lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]


def _request_lines(source) -> list[str]:
    lines: list[str] = []
    _family(lines, "parvis_http_requests_total", "counter", "Requests answered, by view name, method and status code.")
    for field, count in sorted(source.read("requests").items()):
        view, method, code = field.split(SEPARATOR)
        lines.append(f"parvis_http_requests_total{_labels(view=view, method=method, code=code)} {_number(count)}")
    _family(lines, "parvis_http_request_duration_seconds", "histogram", "Time to answer a request, by view name.")
    per_view: dict[str, list[float]] = defaultdict(lambda: [0.0] * (len(BUCKETS) + 1))
    for field, count in source.read("duration_buckets").items():
        view, index = field.split(SEPARATOR)
        per_view[view][int(index)] += count
    sums = source.read("duration_sum")
    for view in sorted(per_view):
        cumulative = 0.0
        for bound, count in zip((*map(str, BUCKETS), "+Inf"), per_view[view], strict=True):
            cumulative += count
            lines.append(
                f"parvis_http_request_duration_seconds_bucket{_labels(view=view, le=bound)} {_number(cumulative)}"
            )
        lines.append(f"parvis_http_request_duration_seconds_sum{_labels(view=view)} {_number(sums.get(view, 0.0))}")
        lines.append(f"parvis_http_request_duration_seconds_count{_labels(view=view)} {_number(cumulative)}")
    return lines


def _page_cache_lines(source) -> list[str]:
    lines: list[str] = []
    counts = source.read("page_cache")
    _family(lines, "parvis_page_cache_lookups_total", "counter", "Pages looked up in the page cache, by result.")
    for result in ("hit", "miss"):
        lines.append(f"parvis_page_cache_lookups_total{_labels(result=result)} {_number(counts.get(result, 0))}")
    return lines


def queue_figures() -> list[tuple[str, str, int, int]]:
    """(queue back-end, queue, tasks waiting, tasks failed and kept) for each queue tasks may be in: RQ and the
    database queue it falls back to with REDIS_URL, the database queue alone otherwise; none when tasks run inline."""
    figures = []
    backends = {alias: config["BACKEND"] for alias, config in settings.TASKS.items()}
    if any(backend.endswith("RQBackend") for backend in backends.values()):
        import django_rq

        for queue_name in settings.RQ_QUEUES:
            queue = django_rq.get_queue(queue_name)
            figures.append(("rq", queue_name, queue.count, queue.failed_job_registry.count))
    if any(backend.startswith("django_tasks_db") for backend in backends.values()):
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        counts = dict(
            DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.FAILED])
            .values_list("status")
            .annotate(count=Count("id"))
            .order_by()
        )
        figures.append(
            ("database", "default", counts.get(TaskResultStatus.READY, 0), counts.get(TaskResultStatus.FAILED, 0))
        )
    return figures


def _queue_lines() -> list[str]:
    lines: list[str] = []
    figures = queue_figures()
    _family(lines, "parvis_tasks_waiting", "gauge", "Tasks queued and not started, by queue back-end and queue.")
    for backend, queue, waiting, _failed in figures:
        lines.append(f"parvis_tasks_waiting{_labels(backend=backend, queue=queue)} {waiting}")
    _family(lines, "parvis_tasks_failed", "gauge", "Tasks that failed and are kept for inspection, by back-end.")
    for backend, queue, _waiting, failed in figures:
        lines.append(f"parvis_tasks_failed{_labels(backend=backend, queue=queue)} {failed}")
    return lines


def _redis_lines(source) -> list[str]:
    if not isinstance(source, RedisStore):
        return []
    stats = source.server_info()
    lines: list[str] = []
    for name, key in (("hits", "keyspace_hits"), ("misses", "keyspace_misses")):
        _family(lines, f"parvis_redis_keyspace_{name}_total", "counter", f"Redis server's {key} (the whole server).")
        lines.append(f"parvis_redis_keyspace_{name}_total {int(stats.get(key, 0))}")
    return lines


def exposition() -> str:
    """The whole text /metrics answers. A part whose engine does not answer is left out and said in a comment."""
    source = store()
    lines: list[str] = []
    _family(lines, "parvis_metrics_store", "gauge", "Where the request counters are kept (redis: every process).")
    lines.append(f"parvis_metrics_store{_labels(store=source.name)} 1")
    for part, build in (
        ("requests", lambda: _request_lines(source) + _page_cache_lines(source)),
        ("tasks", _queue_lines),
        ("redis", lambda: _redis_lines(source)),
    ):
        try:
            lines += build()
        except Exception as error:  # noqa: BLE001 - one engine down must not hide the other figures
            lines.append(f"# {part} unavailable: {type(error).__name__}")
    return "\n".join(lines) + "\n"
