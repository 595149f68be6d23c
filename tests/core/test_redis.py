"""The production path with REDIS_URL: cache in Redis, tasks through RQ, a real worker sending the e-mail."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engines import parvis_process_env, redis_answers

ROOT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


pytestmark = pytest.mark.skipif(not redis_answers(), reason="REDIS NOT RUNNING on 127.0.0.1:6379: Redis path untested")


def run(args, env, timeout=900):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_with_redis_url_the_email_task_goes_through_rq_and_a_worker_sends_it(tmp_path, migrated_sqlite):
    queue_db = 15  # a Redis database of its own, emptied first, so that other jobs never interfere
    env = parvis_process_env(
        migrated_sqlite,
        f"redis://{REDIS_HOST}:{REDIS_PORT}/{queue_db}",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CACHE_PREFIX=f"parvis-test-{os.getpid()}",
    )
    import redis

    # Two runs of the suite side by side would empty each other's queue and run each other's jobs: they take turns,
    # under a lock kept outside the queue's database (which is emptied).
    turns = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    with turns.lock("parvis-tests:rq-queue", timeout=900, blocking_timeout=None):
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=queue_db).flushdb()
        _queue_and_work(env, tmp_path)


def _queue_and_work(env, tmp_path):
    assert run(["migrate", "-v0"], env).returncode == 0
    enqueue = run(
        [
            "shell",
            "-c",
            "from parvis.accounts.tasks import send_email; "
            "r = send_email.enqueue(subject='Bienvenue', body='Bonjour', html='', "
            "from_email='parvis@example.org', to=['lea@example.org']); print(type(r.backend).__name__, r.backend)",
        ],
        env,
    )
    assert enqueue.returncode == 0, enqueue.stderr
    assert not (tmp_path / "mail").exists()  # queued, not sent

    worker = run(["rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"], env)
    assert worker.returncode == 0, worker.stderr
    sent = list((tmp_path / "mail").glob("*.log"))
    assert len(sent) == 1
    assert "lea@example.org" in sent[0].read_text()

    health = run(
        ["shell", "-c", "from django.test import Client; r = Client().get('/healthz'); print(r.status_code, r.json())"],
        env,
    )
    assert "200 {" in health.stdout, health.stdout + health.stderr
    assert "'cache': 'ok'" in health.stdout and "'tasks': 'ok'" in health.stdout
