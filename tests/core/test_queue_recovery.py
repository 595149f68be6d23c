"""A worker killed in the middle of a task loses no task: `tasks_recover` puts the job back in the queue, another
worker runs it, and only once per death (parvis/core/queue_recovery.py). Real Redis, real `rqworker` processes."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.engines import parvis_process_env, redis_answers

ROOT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
QUEUE_DB = 15  # the queue tests' database (tests/core/test_redis.py), emptied first, under their shared lock

pytestmark = pytest.mark.skipif(not redis_answers(), reason="REDIS NOT RUNNING on 127.0.0.1:6379: recovery untested")


def manage(args, env, timeout=600):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.2)


def test_a_task_whose_worker_is_killed_is_run_again_by_another_worker_once(tmp_path, migrated_sqlite):
    env = parvis_process_env(
        migrated_sqlite, f"redis://{REDIS_HOST}:{REDIS_PORT}/{QUEUE_DB}", CACHE_PREFIX=f"parvis-test-{os.getpid()}"
    )
    import redis

    turns = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    with turns.lock("parvis-tests:rq-queue", timeout=900, blocking_timeout=None):
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=QUEUE_DB).flushdb()
        _kill_recover_and_run(env, tmp_path / "runs.log")


def _kill_recover_and_run(env, log: Path):
    manage(
        [
            "shell",
            "-c",
            "from tests.core.queue_tasks import write_then_wait_the_first_time as t; "
            f"print(type(t.enqueue(path={str(log)!r}).backend).__name__)",
        ],
        env,
    )
    worker_command = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    # Its own process group, so that the kill takes the worker and the work-horse it forked for the job, as when
    # the machine or the container dies.
    first = subprocess.Popen(worker_command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: log.exists() and log.read_text() == "start\n", "the first worker to start the task")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)

    # RQ would notice the job abandoned once its time is up: the command is run as of an hour later.
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert manage(["tasks_recover", "--now", later], env).strip() == "1 tasks requeued"
    manage(["rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"], env, timeout=300)
    assert log.read_text() == "start\nstart\ndone\n"  # started twice, finished once: nothing lost
    # Done now: nothing more to recover, however often the command runs.
    assert manage(["tasks_recover", "--now", later], env).strip() == "0 tasks requeued"
    assert manage(["tasks_recover"], env).strip() == "0 tasks requeued"
