"""A task for tests/core/test_queue_recovery.py, imported by the RQ workers it starts (not collected: its name does
not start with test_). Each run writes "start" to its file; the first run then waits for ever (its worker is killed
meanwhile), a later one writes "done" at once."""

import time
from pathlib import Path

from django_tasks import task


@task()
def write_then_wait_the_first_time(*, path: str) -> None:
    log = Path(path)
    first = not log.exists()
    with log.open("a") as lines:
        lines.write("start\n")
    if first:
        time.sleep(600)
    with log.open("a") as lines:
        lines.write("done\n")
