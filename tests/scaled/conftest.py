"""The scaled profile's stack, started once for the session. Nothing starts unless PARVIS_SCALED=1 (`make
test-scaled`): `make test` and CI collect these files and skip them at once. When an engine cannot run here the
tests skip, and the run ends with a line in capitals saying why."""

import os
import time

import pytest

SCALED = os.environ.get("PARVIS_SCALED", "") == "1"
_reported: list[str] = []
_last_logs: list[str] = []
_timings: dict[str, float] = {}


def pytest_collection_modifyitems(config, items):
    if SCALED:
        return
    skip = pytest.mark.skip(reason="the scaled profile runs with `make test-scaled` (PARVIS_SCALED=1)")
    for item in items:
        if "tests/scaled/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def stack():
    # Imported here: the default run never loads what only the profile needs.
    from .processes import Unavailable
    from .stack import running_stack

    started = time.monotonic()
    try:
        with running_stack() as running:
            _reported.append(f"scaled profile: {running.primary_choice}")
            running.timings["start, total"] = round(time.monotonic() - started, 1)
            yield running
            _last_logs[:] = [running.logs()]
            _timings.update(running.timings)
    except Unavailable as error:
        reason = f"SCALED PROFILE SKIPPED: {error}"
        _reported.append(reason)
        pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    if not SCALED:
        return
    for line in _reported:
        terminalreporter.write_sep("*", line, red="SKIPPED" in line, bold=True)
    if _timings:
        terminalreporter.write_line(
            "scaled profile, seconds: " + ", ".join(f"{name} {seconds}" for name, seconds in _timings.items())
        )
    if terminalreporter.stats.get("failed") or terminalreporter.stats.get("error"):
        for logs in _last_logs:
            terminalreporter.write_sep("-", "the stack's last log lines")
            terminalreporter.write_line(logs)
