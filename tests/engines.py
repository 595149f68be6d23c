"""The engines some tests need beside the test database (Redis, a second process of Parvis), and how to tell
whether they are there: the tests that use them skip, saying why, when they are not."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        socket.create_connection((host, port), 1).close()
    except OSError:
        return False
    return True


def parvis_process_env(sqlite_path, redis_url: str, **extra: str) -> dict:
    """The environment of another Parvis process beside the test: development settings (not the test settings) on
    the test's own migrated SQLite file, with `redis_url` for cache and queue, tasks queued rather than run inline."""
    return {
        **os.environ,
        "DEBUG": "1",
        "PARVIS_TESTING": "0",
        "PARVIS_TASKS": "",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(sqlite_path),
        "REDIS_URL": redis_url,
        **extra,
    }


def closed_port() -> int:
    """A port of this machine where nothing listens (bound, then closed again when the block ends)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage_shell(script: str, env: dict) -> dict:
    """`manage.py shell -c script` in its own process, with `env`; the script prints "RESULT " and its JSON."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.split("RESULT ", 1)[1])
