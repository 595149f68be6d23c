"""Processes of the scaled profile, each in its own process group, so that stopping one stops what it started too
(gunicorn's workers, a worker's job). Every process started is registered and `stop_all` ends them, newest first,
whatever happened before."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


class Unavailable(Exception):
    """An engine of the profile cannot run on this machine: the profile is skipped, saying this."""


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket bound to a free port and listening, handed to the server as it is (no window in which another
    process could take the port)."""
    sock = socket.socket()
    sock.bind((host, 0))
    sock.listen(128)
    return sock


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Started:
    name: str
    process: subprocess.Popen
    log_path: Path
    stop_signal: int = signal.SIGTERM

    def tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Processes:
    logs: Path
    started: list[Started] = field(default_factory=list)

    def start(self, name: str, command: list[str], *, stop_signal: int = signal.SIGTERM, **popen) -> Started:
        self.logs.mkdir(parents=True, exist_ok=True)
        log_path = self.logs / f"{name}.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own commands
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen
            )
        started = Started(name=name, process=process, log_path=log_path, stop_signal=stop_signal)
        self.started.append(started)
        return started

    def stop(self, started: Started, timeout: float = 20) -> None:
        if started.process.poll() is None:
            _signal_group(started.process.pid, started.stop_signal)
            try:
                started.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(started.process.pid, signal.SIGKILL)
                started.process.wait()
        # What the leader started may outlive it (a gunicorn worker, a job's child): the group goes too.
        _signal_group(started.process.pid, signal.SIGKILL)

    def kill(self, name: str) -> None:
        """SIGKILL to the whole group of the process named `name`, as a machine that dies: no clean shutdown."""
        started = next(started for started in self.started if started.name == name)
        _signal_group(started.process.pid, signal.SIGKILL)
        started.process.wait()
        # Its children die a moment after it (a gunicorn worker still holds the listening socket until then).
        wait_until(lambda: not _group_alive(started.process.pid), what=f"{name}'s processes gone", timeout=30)

    def stop_all(self) -> None:
        while self.started:
            self.stop(self.started.pop())


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(check, *, what: str, timeout: float, started: Started | None = None, every: float = 0.2):
    """Calls `check` until it returns something true, and returns it; fails with `what` after `timeout` seconds, or
    as soon as `started` exits (with its log)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if started is not None and started.process.poll() is not None:
            raise RuntimeError(f"{started.name} exited with {started.process.returncode}:\n{started.tail()}")
        if time.monotonic() > deadline:
            log = f"\n{started.tail()}" if started is not None else ""
            raise TimeoutError(f"{what}: not after {timeout:.0f} s{log}")
        time.sleep(every)
