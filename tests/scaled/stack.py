"""The engines of a large install, started on this machine for the scaled profile, and stopped whatever happens.

- PostgreSQL: a primary (the server on 127.0.0.1:5432 when it allows replication, else one of the profile's own) and
  a streaming replica made with `pg_basebackup -R` (postgres.py), named in DATABASE_REPLICA_URLS;
- Redis on 127.0.0.1:6379 for the cache, the rate limits, the page cache and the task queue (REDIS_URL): a database
  of its own (PARVIS_SCALED_REDIS_DB, 9), emptied before and after, one run at a time under a lock in database 0;
- two RQ workers, each its own process (`manage.py rqworker`, as `make worker` with REDIS_URL);
- the local S3 server of the media tests (tests/s3.py), for public and private media (PARVIS_S3_*);
- two gunicorn processes serving the demo (`parvis.wsgi`, as `make run` does), behind a round-robin proxy
  (proxy.py) with PARVIS_TRUSTED_PROXIES=1.

The demo is built on the primary (`migrate`, `territories import --instance`, `demo`, `collectstatic`, tasks inline
as in `make demo`) before the replica is copied from it. Everything the instance writes (mail files, logs, the
static files) is in one temporary folder, removed at the end with the clusters' folder.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.e2e.instance import REPO, instance_environment
from tests.s3 import LocalS3

from . import postgres
from .processes import Processes, Unavailable, listening_socket, wait_until
from .proxy import RoundRobinProxy

PYTHON = sys.executable
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = int(os.environ.get("PARVIS_SCALED_REDIS_DB", "9"))
# How late the replica applies the primary's commits; below PARVIS_REPLICA_LAG_SECONDS (5 by default), as the
# production guide asks of a real replica's worst lag.
REPLICA_DELAY_SECONDS = float(os.environ.get("PARVIS_SCALED_REPLICA_DELAY", "2"))
WEB_PROCESSES = 2
WORKERS = 2
# Turns a hang into a failure; a loaded machine starts everything far quicker.
START_TIMEOUT = 300


@dataclass
class Stack:
    root: Path
    primary: postgres.Cluster
    replica: postgres.Cluster | None
    database: str
    s3: LocalS3
    proxy: RoundRobinProxy
    processes: Processes
    env: dict[str, str] = field(default_factory=dict)
    worker_names: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    primary_choice: str = ""

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def mail_dir(self) -> Path:
        return self.root / "mail"

    def redis(self) -> redis.Redis:
        return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)

    def on_primary(self, sql: str, params: tuple = ()):
        return postgres.scalar(self.primary.port, sql, params, dbname=self.database)

    def on_replica(self, sql: str, params: tuple = ()):
        return postgres.scalar(self.replica.port, sql, params, dbname=self.database)

    def logs(self) -> str:
        return "\n".join(f"--- {started.name} ---\n{started.tail(15)}" for started in self.processes.started)


@contextlib.contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.monotonic()
    yield
    timings[name] = round(time.monotonic() - start, 1)


def _choose_primary(pg_root: Path, processes: Processes) -> tuple[postgres.Cluster, str, str]:
    """The primary, its database, and a sentence saying which one and why."""
    wanted = os.environ.get("PARVIS_SCALED_PRIMARY", "auto")
    refusal = postgres.system_primary_refusal() if wanted in {"auto", "system"} else "PARVIS_SCALED_PRIMARY=own"
    if wanted == "system" and refusal:
        raise Unavailable(f"PARVIS_SCALED_PRIMARY=system but 127.0.0.1:5432 cannot be replicated: {refusal}")
    if not refusal:
        database = f"parvis_scaled_{os.getpid()}"
        primary = postgres.Cluster(name="system", port=postgres.SYSTEM_PORT, own=False)
        choice = f"the primary is the server on 127.0.0.1:5432 (database {database})"
    else:
        primary = postgres.start(postgres.init_primary(pg_root), processes)
        database = "parvis"
        choice = f"the primary is the profile's own cluster on port {primary.port}, because 127.0.0.1:5432: {refusal}"
    postgres.scalar(primary.port, f'CREATE DATABASE "{database}"')
    return primary, database, choice


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def _answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30):  # noqa: S310 - our own local server
            return True
    except urllib.error.HTTPError:
        return True  # an answer, even a 503: the checks say what it means
    except OSError:
        return False


@contextlib.contextmanager
def running_stack() -> Iterator[Stack]:
    """Starts every engine, yields the stack, then stops them all and removes the folders, even after a failure."""
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise Unavailable(f"Redis does not answer on {REDIS_HOST}:{REDIS_PORT} ({type(error).__name__})") from error
    postgres.bindir()  # says so early when the server's programs are missing
    root = Path(tempfile.mkdtemp(prefix="parvis-scaled-"))
    pg_root = Path(tempfile.mkdtemp(prefix="parvis-scaled-pg-"))
    postgres.give_to_postgres(pg_root)
    processes = Processes(logs=root / "logs")
    # Two runs side by side would empty each other's queue and run each other's jobs: they take turns.
    turn = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0).lock(
        "parvis-scaled:turn", timeout=3 * 3600, blocking_timeout=3600
    )
    if not turn.acquire():
        raise Unavailable("another scaled run held the Redis lock parvis-scaled:turn for an hour")
    primary = database = s3 = proxy = None
    sockets = []
    try:
        queue = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
        queue.flushdb()
        timings: dict[str, float] = {}
        with _timed(timings, "primary"):
            primary, database, choice = _choose_primary(pg_root, processes)
        s3 = LocalS3().start()
        sockets = [listening_socket() for _ in range(WEB_PROCESSES)]
        proxy = RoundRobinProxy([("127.0.0.1", sock.getsockname()[1]) for sock in sockets])
        env = instance_environment(root, proxy.url)
        for limit_off in ("PARVIS_RATE_LIMITS", "PARVIS_ACCOUNT_RATE_LIMITS"):
            env.pop(limit_off)  # the rate limits on, counted in Redis as in production
        env.update(
            DATABASE_URL=primary.url(database),
            REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            CACHE_PREFIX=f"parvis-scaled-{os.getpid()}",
            PARVIS_TRUSTED_PROXIES="1",
            # Not "immediate": the web processes queue the tasks in RQ, the workers do them.
            PARVIS_TASKS="",
            **s3.environment(),
        )
        with _timed(timings, "demo build"):
            build_env = {**env, "PARVIS_TASKS": "immediate"}
            for command in (
                ["migrate", "--no-input"],
                ["territories", "import", "--instance"],
                ["demo"],
                ["collectstatic", "--no-input"],
            ):
                _manage(build_env, *command)
        with _timed(timings, "replica"):
            replica = postgres.make_replica(primary, pg_root, delay_seconds=REPLICA_DELAY_SECONDS, processes=processes)
        env["DATABASE_REPLICA_URLS"] = replica.url(database)
        stack = Stack(
            root=root,
            primary=primary,
            replica=replica,
            database=database,
            s3=s3,
            proxy=proxy,
            processes=processes,
            env=env,
            timings=timings,
            primary_choice=choice,
        )
        with _timed(timings, "workers"):
            for number in range(1, WORKERS + 1):
                name = f"parvis-scaled-{os.getpid()}-{number}"
                started = processes.start(
                    f"worker-{number}",
                    [PYTHON, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--name", name],
                    cwd=REPO,
                    env=env,
                )
                stack.worker_names.append(name)
                wait_until(
                    lambda name=name: queue.exists(f"rq:worker:{name}"),
                    what=f"RQ worker {name} registered",
                    timeout=START_TIMEOUT,
                    started=started,
                )
        with _timed(timings, "web processes"):
            for number, sock in enumerate(sockets, start=1):
                started = processes.start(
                    f"web-{number}",
                    [PYTHON, "-m", "gunicorn", "parvis.wsgi", f"--bind=fd://{sock.fileno()}", "--workers=2"]
                    + ["--threads=4", "--timeout=120", f"--chdir={REPO}"],
                    cwd=REPO,
                    env=env,
                    pass_fds=(sock.fileno(),),
                )
                port = sock.getsockname()[1]
                wait_until(
                    lambda port=port: _answers_http(f"http://127.0.0.1:{port}/healthz"),
                    what=f"web process {number} answering /healthz",
                    timeout=START_TIMEOUT,
                    started=started,
                )
            # gunicorn holds the sockets now: a web process that dies refuses connections instead of queuing them.
            for sock in sockets:
                sock.close()
        proxy.start()
        yield stack
    finally:
        if proxy is not None:
            if proxy.thread is not None:
                proxy.stop()
            else:
                proxy.server_close()
        for sock in sockets:
            sock.close()
        processes.stop_all()
        if primary is not None and not primary.own:
            with contextlib.suppress(Exception):
                postgres.scalar(primary.port, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if s3 is not None:
            s3.stop()
        with contextlib.suppress(redis.RedisError):
            redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()
        with contextlib.suppress(redis.RedisError):
            turn.release()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(pg_root, ignore_errors=True)
