"""Load generators: wrk when installed, else a threaded Python client (slower, so its figures are lower; the
report says which one ran)."""

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(url: str, headers: dict[str, str], *, duration: float, connections: int, threads: int) -> LoadResult:
    # wrk's default 2 s timeout drops the slowest answers from the percentiles and counts them as errors.
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s", "--timeout", "10s"]
    command.append("--latency")
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - fixed program, arguments built here
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    # wrk pads values of a second or more with a trailing space ("1.39s "): allow it.
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if "50" not in percentiles or "99" not in percentiles:
        # wrk prints no distribution when nothing completed (every request timed out): report it, do not crash.
        return LoadResult(requests_per_s=0.0, p50_ms=0.0, p99_ms=0.0, requests=requests, errors=max(requests, 1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output):
        # Read errors are not counted: gunicorn's sync workers close every connection after the response.
        errors += int(match.group(1)) + int(match.group(2)) + int(match.group(3))
    return LoadResult(
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=requests,
        errors=errors,
    )


def run_python(
    host: str, port: int, path: str, headers: dict[str, str], *, duration: float, connections: int
) -> LoadResult:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker() -> None:
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, port, timeout=30)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(int(share * len(latencies)), len(latencies) - 1)] * 1000 if latencies else 0.0

    return LoadResult(
        requests_per_s=len(latencies) / elapsed,
        p50_ms=percentile(0.50),
        p99_ms=percentile(0.99),
        requests=len(latencies),
        errors=errors[0],
    )


def warm_up(host: str, port: int, path: str, headers: dict[str, str], times: int = 20) -> None:
    """A few sequential requests: every worker compiles its templates and opens its connection before the timed
    run, and a page that does not answer 200 stops the benchmark here instead of producing a meaningless rate."""
    for _ in range(times):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
