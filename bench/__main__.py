"""`python -m bench [--scale small|full] [--db sqlite,postgres]`: generate (or reuse) the département-scale
database, serve it with gunicorn as in production, load every main page and API call, print one table and keep
its JSON in bench-results/. See the "Benchmarks" section of the README for how to read it."""

import argparse
import json
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from . import databases, load, report
from .scales import SEED, sizes_for
from .targets import SESSION, TOKEN
from .viral import run_viral

ROOT = databases.ROOT
RESULTS = ROOT / "bench-results"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", default="small", help="small (a twentieth, the default) or full")
    parser.add_argument("--db", default="sqlite,postgres", help="comma separated: sqlite, postgres")
    parser.add_argument("--size", action="append", default=[], metavar="KEY=N", help="override one figure")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--pg-url", default=databases.PG_DEFAULT, help="PostgreSQL server, without database")
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached database")
    parser.add_argument(
        "--viral",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the viral evening: open-loop rising rates on one event until p99 passes 1 s (--no-viral to skip)",
    )
    parser.add_argument("--viral-step", type=float, default=8.0, help="seconds of each rate of the viral evening")
    parser.add_argument(
        "--viral-only", action="store_true", help="the baselines and the viral evening alone (no other page)"
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="REGEX",
        help="measure only the URLs whose 'name who' matches (e.g. 'home feed|post inhabitant'), beside the "
        "baselines; skips the RSVP storm and the viral evening",
    )
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, workers: int, log_path: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "parvis.wsgi:application",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log_path),
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up; see {log_path}")
        try:
            load.warm_up("127.0.0.1", port, "/bench/constant", {}, times=1)
            return process, port
        except (OSError, RuntimeError):
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer within 30 s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


BROWSER_CSRF_SECRET = "benchbrowsercsrfsecret0123456789"  # noqa: S105 (a test value, not a credential)


def headers_for(who: str, prepared: dict) -> dict[str, str]:
    sessions = prepared.get("sessions") or {SESSION: prepared["session"]}
    if who in sessions:
        # A browser sends back the CSRF cookie it was given with its first page: a fixed, well-formed secret here.
        return {"Cookie": f"sessionid={sessions[who]}; csrftoken={BROWSER_CSRF_SECRET}"}
    if who == TOKEN:
        return {"Authorization": f"Bearer {prepared['token']}"}
    return {}


def bench_one(db: str, db_env: dict, args, tool: str, workdir: Path) -> tuple[list[dict], dict | None]:
    prepared_path = workdir / f"{db}-targets.json"
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "bench.prepare",
            "--out",
            str(prepared_path),
            *(["--viral"] if args.viral else []),
            *(["--only", args.only] if args.only else []),
        ],
        cwd=ROOT,
        env=db_env,
        check=True,
    )
    prepared = json.loads(prepared_path.read_text())
    print(f"{db}: session, token and query counts ready in {time.monotonic() - started:.1f} s", flush=True)
    log_path = RESULTS / f"gunicorn-{db}.log"
    server, port = start_gunicorn(db_env, args.workers, log_path)
    results = []
    try:
        for target in prepared["targets"]:
            headers = headers_for(target["who"], prepared)
            load.warm_up("127.0.0.1", port, target["path"], headers)
            if tool == "wrk":
                measured = load.run_wrk(
                    f"http://127.0.0.1:{port}{target['path']}",
                    headers,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                )
            else:
                measured = load.run_python(
                    "127.0.0.1", port, target["path"], headers, duration=args.duration, connections=args.connections
                )
            row = {key: target.get(key) for key in ROW_KEYS}
            row.update(db=db, **vars(measured))
            results.append(row)
            print(
                f"  {db:8} {target['name']:26} {target['who']:9} {measured.requests_per_s:8.1f} req/s "
                f"p50 {measured.p50_ms:6.1f} ms  p99 {measured.p99_ms:7.1f} ms  {target['queries']} queries",
                flush=True,
            )
        if not args.only:
            results.append(rsvp_row(db, port, prepared, args, db_env))
        viral = viral_evening(db, port, prepared, args, db_env, workdir) if args.viral else None
    finally:
        stop(server)
    return results, viral


def viral_evening(db: str, port: int, prepared: dict, args, db_env: dict, workdir: Path) -> dict:
    """Rising open-loop rates on one event until p99 passes one second, then the check of every answer."""
    print(f"  {db:8} viral evening: event page 70 %, iCal 15 %, agenda 15 %, one RSVP per 10 views", flush=True)
    outcome = run_viral(port, prepared["viral"], step_seconds=args.viral_step)
    answers_path = workdir / f"{db}-viral-answers.json"
    answers_path.write_text(json.dumps(outcome.pop("acknowledged")))
    check = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK_ANSWERS.format(event_id=prepared["viral"]["event_id"], path=str(answers_path))],
        cwd=ROOT,
        env=db_env,
        capture_output=True,
        text=True,
        check=True,
    )
    outcome["check"] = json.loads(check.stdout.strip().splitlines()[-1])
    best = outcome["highest_held"]
    held = (
        f"{best['views_per_s']:.0f} views/s + {best['rsvps_per_s']:.0f} RSVPs/s (p99 {best['p99_ms']:.0f} ms)"
        if best
        else f"none (the first rate, {outcome['steps'][0]['views_per_s']:.0f} views/s, was not held)"
    )
    print(f"  {db:8} viral evening: highest rate held with p99 < 1 s: {held}; check: {outcome['check']}", flush=True)
    if not outcome["check"]["holds"]:
        raise SystemExit(f"The viral evening lost, duplicated or overbooked answers on {db}: {outcome['check']}")
    return outcome


# What the in-process request of `bench.prepare` measured of each URL, kept beside its load figures in the JSON.
ROW_KEYS = ("name", "path", "who", "kind", "queries", "bytes", "sql", "sql_ms", "slowest_query")


def rsvp_row(db: str, port: int, prepared: dict, args, db_env: dict) -> dict:
    """The write path: simultaneous answers on one event with a capacity, then a check that it held."""
    from bench.rsvp import run_rsvp_storm

    measured = run_rsvp_storm(port, prepared["rsvp"], duration=args.duration, connections=args.connections)
    check = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK_CAPACITY.format(event_id=prepared["rsvp"]["event_id"])],
        cwd=ROOT,
        env=db_env,
        capture_output=True,
        text=True,
        check=True,
    )
    held = json.loads(check.stdout.strip().splitlines()[-1])
    if not held["holds"]:
        raise SystemExit(f"RSVP storm broke the capacity on {db}: {held}")
    print(
        f"  {db:8} {'rsvp storm (PUT)':26} {'tokens':9} {measured['requests_per_s']:8.1f} req/s "
        f"p50 {measured['p50_ms']:6.1f} ms  p99 {measured['p99_ms']:7.1f} ms  capacity held: {held}",
        flush=True,
    )
    return {
        "name": "rsvp storm (PUT)",
        "path": f"/api/v1/agenda/events/{prepared['rsvp']['event_id']}/rsvp",
        "who": "tokens",
        "kind": "write",
        "queries": None,
        "bytes": 0,
        "sql": [],
        "sql_ms": None,
        "slowest_query": None,
        "db": db,
        **measured,
    }


CHECK_ANSWERS = (
    "import django, json, pathlib; django.setup(); from bench.viral import check_answers; "
    "print(json.dumps(check_answers({event_id}, json.loads(pathlib.Path({path!r}).read_text()))))"
)
CHECK_CAPACITY = (
    "import django, json; django.setup(); from bench.rsvp import check_capacity; "
    "print(json.dumps(check_capacity({event_id})))"
)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.viral_only:
        args.only, args.viral = "^$", True  # a pattern no page's name matches: the baselines alone
    elif args.only:
        args.viral = False
    overrides = {}
    for item in args.size:
        key, _sep, value = item.partition("=")
        overrides[key.strip()] = int(value)
    sizes = sizes_for(args.scale, overrides)
    # A scale with overrides gets its own cache entry and never replaces the cached small or full database.
    label = args.scale + ("x" if overrides else "")
    key = databases.fingerprint(sizes, SEED)
    tool = args.load
    if tool == "auto":
        tool = "wrk" if load.wrk_available() else "python"
    if tool == "wrk" and not load.wrk_available():
        raise SystemExit("wrk is not installed (apt-get install wrk), or run with --load python.")
    RESULTS.mkdir(exist_ok=True)
    secret_key = secrets.token_urlsafe(50)
    env = databases.base_environment(secret_key)
    started = time.monotonic()
    timestamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    commit = subprocess.run(  # noqa: S603
        ["git", "describe", "--always", "--dirty"],  # noqa: S607 - git from PATH, as make finds it
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"Parvis benchmark: scale {label} ({report.sizes_line(sizes)}), load with {tool}", flush=True)
    runs, skipped = [], {}
    with tempfile.TemporaryDirectory(prefix="parvis-bench-") as workdir:
        # Served as in production: DEBUG off serves hashed static files, which exist only after collectstatic.
        env["STATIC_ROOT"] = str(Path(workdir) / "static")
        subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        for db in [d.strip() for d in args.db.split(",") if d.strip()]:
            if db == "sqlite":
                db_env, generation = databases.sqlite_database(env, label, key, sizes, SEED, args.regenerate)
            elif db == "postgres":
                reason = databases.postgres_available(args.pg_url)
                if reason:
                    skipped[db] = f"no PostgreSQL at {args.pg_url} ({reason})"
                    print(f"\n*** PostgreSQL SKIPPED: nothing answers at {args.pg_url}: {reason} ***\n", flush=True)
                    continue
                db_env, generation = databases.postgres_database(
                    env, args.pg_url, label, key, sizes, SEED, args.regenerate
                )
            else:
                raise SystemExit(f"Unknown database {db!r}: sqlite or postgres.")
            results, viral = bench_one(db, db_env, args, tool, Path(workdir))
            run = {
                "scale": label,
                "db": db,
                "timestamp": timestamp,
                "commit": commit,
                "sizes": sizes,
                "schema_key": key,
                "generation": generation,
                "not_generated": generation["not_generated"],
                "load": {
                    "tool": tool,
                    "duration_s": args.duration,
                    "connections": args.connections,
                    "threads": args.threads if tool == "wrk" else args.connections,
                    "gunicorn_workers": args.workers,
                },
                "results": results,
                "viral": viral,
            }
            report.attach_comparison(run, RESULTS)
            (RESULTS / f"{label}-{db}-{timestamp}.json").write_text(json.dumps(run, indent=2))
            runs.append(run)
    if not runs:
        raise SystemExit("No database could be benchmarked.")
    (RESULTS / "latest.json").write_text(json.dumps({"runs": runs, "skipped": skipped}, indent=2))
    print()
    print(report.render(runs, skipped))
    print(
        f"\nTotal {time.monotonic() - started:.0f} s. "
        f"JSON in bench-results/: latest.json, {label}-<db>-{timestamp}.json"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
