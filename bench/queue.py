"""`python -m bench.queue`: how many tasks a second RQ workers do on this machine, with 1 and 2 workers (issue 20).

The task is the one most queued: an e-mail (`parvis.accounts.tasks.send_email`), which claims its key in the
database, renders nothing and writes the message with the file back-end, so that the figure is the queue's and the
database's cost, not an SMTP server's. TASKS e-mails are queued in Redis (a database of its own, emptied), then N
`rqworker --burst` processes drain the queue; the time runs from their start to the last one's exit (their start,
about two seconds of Django's imports, is measured apart with an empty queue and shown). The CPU columns say which
side saturates: the workers' own CPU time (with the process each forks per task) and the rest of the machine's
(PostgreSQL, Redis), from /proc/stat, as a share of the wall time of both cores.

On PostgreSQL (a database `parvis_bench_queue` on --pg-url, migrated at each run)."""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from .databases import PG_DEFAULT, ROOT, _pg_admin

REDIS_DB = 11  # none of the suite's tests uses it (they use 3, 9, 10, 12, 13 and 15)
DATABASE = "parvis_bench_queue"


def _busy_ticks() -> tuple[int, int]:
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _manage(args: list[str], env: dict) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


ENQUEUE = """
from parvis.accounts.tasks import send_email
for number in range({count}):
    send_email.enqueue(subject=f"Bench {{number}}", body="Bonjour", html="", from_email="parvis@example.org",
                       to=[f"person{{number}}@example.org"], key=f"bench-queue-{{number}}-{stamp}")
"""


def drain(env: dict, workers: int) -> tuple[float, float]:
    """Wall seconds and the workers' CPU seconds for `workers` burst workers to empty the queue."""
    command = [sys.executable, "manage.py", "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        for _ in range(workers)
    ]
    for process in processes:
        process.wait()
    return time.perf_counter() - started, _children_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--workers", default="1,2", help="comma separated counts of workers")
    parser.add_argument("--pg-url", default=PG_DEFAULT)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "queue.json")
    args = parser.parse_args()
    import redis

    mail_dir = ROOT / "bench-results" / "queue-mail"
    env = {
        **os.environ,
        "DEBUG": "0",
        "PARVIS_HTTPS": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-queue-not-secret-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PARVIS_TASKS": "",
        "DATABASE_URL": f"{args.pg_url}/{DATABASE}",
        "REDIS_URL": f"{args.redis}/{REDIS_DB}",
        "CACHE_PREFIX": "bench-queue",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    with _pg_admin(args.pg_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    print("migrating…", flush=True)
    _manage(["migrate", "-v0"], env)
    queue_store = redis.Redis.from_url(env["REDIS_URL"])
    queue_store.flushdb()
    startup, _cpu = drain(env, 1)  # an empty queue: what starting a worker costs
    rows = []
    for workers in [int(count) for count in args.workers.split(",")]:
        stamp = f"{workers}-{time.time_ns()}"
        began = time.perf_counter()
        _manage(["shell", "-c", ENQUEUE.format(count=args.tasks, stamp=stamp)], env)
        enqueue_seconds = time.perf_counter() - began
        busy_before, total_before = _busy_ticks()
        seconds, worker_cpu = drain(env, workers)
        busy_after, total_after = _busy_ticks()
        left = queue_store.llen("rq:queue:default")
        failed = queue_store.zcard("rq:failed:default")
        cores = os.cpu_count() or 1
        machine_busy = (busy_after - busy_before) / max(1, total_after - total_before)
        worker_share = worker_cpu / (seconds * cores)
        rows.append(
            {
                "workers": workers,
                "tasks": args.tasks,
                "seconds": round(seconds, 2),
                "tasks_per_second": round(args.tasks / seconds, 1),
                "tasks_per_second_after_start": round(args.tasks / max(0.001, seconds - startup), 1),
                "machine_cpu_busy": round(machine_busy, 3),
                "workers_cpu_share": round(worker_share, 3),
                "rest_cpu_share": round(max(0.0, machine_busy - worker_share), 3),
                "enqueue_per_second": round(args.tasks / enqueue_seconds, 1),
                "left_in_queue": left,
                "failed": failed,
            }
        )
    queue_store.flushdb()
    with _pg_admin(args.pg_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"worker_start_seconds": round(startup, 2), "rows": rows}, indent=2))
    print(f"a worker's start (empty queue): {startup:.1f} s; {args.tasks} e-mail tasks a run; {os.cpu_count()} cores")
    header = ("workers", "tasks/s", "after start", "machine CPU", "workers", "PG+Redis", "failed")
    print(" ".join(f"{name:>{width}}" for name, width in zip(header, (7, 8, 11, 11, 8, 8, 6), strict=True)))
    for row in rows:
        print(
            f"{row['workers']:>7} {row['tasks_per_second']:>8} {row['tasks_per_second_after_start']:>11} "
            f"{row['machine_cpu_busy']:>11.0%} {row['workers_cpu_share']:>8.0%} {row['rest_cpu_share']:>8.0%} "
            f"{row['failed']:>6}"
        )


if __name__ == "__main__":
    main()
