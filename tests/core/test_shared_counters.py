"""Rate-limit counters are shared by every worker process: two processes of one instance (no Redis) count into the
same database table, so that running four gunicorn workers does not give everyone four times the limit."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# One worker process: counts `n` actions of the same person against a limit of 5 an hour, says how many passed.
WORKER = """
from parvis.core.ratelimit import RateLimited, check_rate
passed = 0
for _ in range({n}):
    try:
        check_rate("post:42", 5, 3600)
        passed += 1
    except RateLimited:
        pass
print("PASSED", passed)
"""


def run(args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def test_two_worker_processes_share_one_count(migrated_sqlite):
    env = {
        **os.environ,
        "DEBUG": "1",
        "PARVIS_TESTING": "0",
        "PARVIS_RATE_LIMITS": "1",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "SQLITE_PATH": str(migrated_sqlite),
    }
    migrate = run(["migrate", "-v0"], env)
    assert migrate.returncode == 0, migrate.stderr
    first = run(["shell", "-c", WORKER.format(n=3)], env)
    second = run(["shell", "-c", WORKER.format(n=3)], env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "PASSED 3" in first.stdout
    assert "PASSED 2" in second.stdout  # the other process's 3 actions counted: 5 in all, then refused
