"""The PostgreSQL of the scaled profile: a primary and a streaming replica made from it with `pg_basebackup -R`.

The primary is the server on 127.0.0.1:5432 when it accepts replication connections (`wal_level` replica or logical,
WAL senders, a `replication` line in pg_hba.conf for 127.0.0.1); otherwise the profile starts a primary of its own
with initdb in a temporary folder, rather than change the configuration of a server others use.
PARVIS_SCALED_PRIMARY=own or =system forces the choice. The replica is always a cluster of the profile's own, on a
free port, deleted at the end. It applies the primary's commits PARVIS_SCALED_REPLICA_DELAY seconds late
(`recovery_min_apply_delay`): a replica that lags by seconds, so that a read sent there by mistake shows an older
state and the read-after-own-write checks can fail.

PostgreSQL refuses to run as root: as root, its commands run as the system user "postgres" (`setpriv`, which execs
the command itself, so that stopping the process stops the server).
"""

import ipaddress
import os
import pwd
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg

from .processes import Processes, Started, Unavailable, free_port, wait_until

SYSTEM_HOST, SYSTEM_PORT = "127.0.0.1", 5432
# Settings a hot standby must have at least as high as its primary (it refuses to start otherwise).
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
START_TIMEOUT = 120


def bindir() -> Path:
    """The server's programs: `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin."""
    candidates = []
    if shutil.which("pg_config"):
        done = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)  # noqa: S607
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )[::-1]
    for candidate in candidates:
        if all((candidate / name).exists() for name in ("initdb", "postgres", "pg_basebackup")):
            return candidate
    raise Unavailable("no PostgreSQL server programs (initdb, postgres, pg_basebackup): apt-get install postgresql")


def as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise Unavailable("running as root and there is no system user 'postgres' to run PostgreSQL") from error
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]


def give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def connect(port: int, dbname: str = "postgres", host: str = "127.0.0.1") -> psycopg.Connection:
    return psycopg.connect(host=host, port=port, user="postgres", dbname=dbname, autocommit=True, connect_timeout=3)


def scalar(port: int, sql: str, params: tuple = (), dbname: str = "postgres"):
    with connect(port, dbname) as connection:
        cursor = connection.execute(sql, params)
        row = cursor.fetchone() if cursor.description else None  # a command (CREATE DATABASE) returns no row
    return row[0] if row else None


def answers(port: int) -> bool:
    try:
        scalar(port, "SELECT 1")
    except psycopg.Error:
        return False
    return True


def system_primary_refusal(port: int = SYSTEM_PORT) -> str:
    """Why the server on 127.0.0.1:`port` cannot be the primary of a replica made here ("" when it can)."""
    if not answers(port):
        return f"nothing answers on {SYSTEM_HOST}:{port} as user postgres"
    with connect(port) as connection:
        wal_level = connection.execute("SHOW wal_level").fetchone()[0]
        senders = int(connection.execute("SHOW max_wal_senders").fetchone()[0])
        version = int(connection.execute("SHOW server_version_num").fetchone()[0]) // 10000
        may_replicate = connection.execute("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = 'postgres'")
        rules = connection.execute(
            "SELECT address, netmask, user_name FROM pg_hba_file_rules "
            "WHERE error IS NULL AND type LIKE 'host%%' AND 'replication' = ANY(database)"
        ).fetchall()
        role_ok = bool(may_replicate.fetchone()[0])
    reasons = []
    if wal_level not in {"replica", "logical"}:
        reasons.append(f"wal_level is {wal_level} (a restart would be needed)")
    if senders < 1:
        reasons.append("max_wal_senders is 0 (a restart would be needed)")
    if not role_ok:
        reasons.append("the role postgres may not replicate")
    if not any(
        _covers_localhost(address, netmask) and {"all", "postgres"} & set(users) for address, netmask, users in rules
    ):
        reasons.append("pg_hba.conf has no 'replication' line for 127.0.0.1")
    local_version = _local_major_version()
    if local_version != version:
        reasons.append(f"the server is PostgreSQL {version}, the programs here are {local_version}")
    return "; ".join(reasons)


def _covers_localhost(address: str | None, netmask: str | None) -> bool:
    if address in {"all", "samehost", "samenet"}:
        return True
    try:
        network = ipaddress.ip_network(f"{address}/{netmask}" if netmask else str(address), strict=False)
    except ValueError:
        return False
    return ipaddress.ip_address("127.0.0.1") in network


def _local_major_version() -> int:
    done = subprocess.run([bindir() / "postgres", "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    return int(done.stdout.split()[-1].split(".")[0])


@dataclass
class Cluster:
    """A PostgreSQL server of the profile's own (or the system's, with `started` None and `own` False)."""

    name: str
    port: int
    data: Path | None = None
    started: Started | None = None
    own: bool = True

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def _conf_lines(settings: dict[str, str]) -> str:
    return "\n# The scaled profile (tests/scaled/postgres.py)\n" + "".join(
        f"{name} = '{value}'\n" for name, value in settings.items()
    )


def run_program(program: str, *args, cwd: Path, failure: str) -> None:
    """One of the server's programs run as the postgres user; Unavailable (the profile skips, saying `failure` and
    the program's last words) when it fails."""
    done = subprocess.run(  # noqa: S603
        [*as_postgres(), bindir() / program, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Unavailable(f"{failure}: {done.stderr.strip()[-500:]}")


def init_primary(root: Path) -> Cluster:
    """A new, empty cluster under `root` (owned by postgres), configured to be replicated."""
    data = root / "primary"
    run_program(
        "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        cwd=root, failure="initdb failed",
    )  # fmt: skip
    cluster = Cluster(name="postgres-primary", port=free_port(), data=data)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            _conf_lines(
                {
                    "listen_addresses": "127.0.0.1",
                    "port": str(cluster.port),
                    "unix_socket_directories": str(data),
                    "max_connections": "300",
                    "wal_level": "replica",
                    "max_wal_senders": "5",
                    # A test cluster: losing it in a crash costs nothing, waiting for the disk costs time.
                    "fsync": "off",
                    "synchronous_commit": "off",
                }
            )
        )
    # initdb --auth=trust writes the "replication" lines for the local host already; said again for clarity.
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    return cluster


def start(cluster: Cluster, processes: Processes) -> Cluster:
    cluster.started = processes.start(
        cluster.name,
        [*as_postgres(), str(bindir() / "postgres"), "-D", str(cluster.data)],
        cwd=cluster.data.parent,
        # SIGINT: PostgreSQL's fast shutdown (sessions ended, no wait for clients to leave).
        stop_signal=signal.SIGINT,
    )
    wait_until(
        lambda: answers(cluster.port), what=f"{cluster.name} answering", timeout=START_TIMEOUT, started=cluster.started
    )
    return cluster


def make_replica(primary: Cluster, root: Path, *, delay_seconds: float, processes: Processes) -> Cluster:
    """A hot standby of `primary` under `root`, streaming from it, started and checked to be in recovery."""
    data = root / "replica"
    replica = Cluster(name="postgres-replica", port=free_port(), data=data)
    run_program(
        "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
        "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync",
        cwd=root, failure=f"pg_basebackup from port {primary.port} failed",
    )  # fmt: skip
    with connect(primary.port) as connection:
        minimums = {name: connection.execute(f"SHOW {name}").fetchone()[0] for name in STANDBY_MINIMUMS}
    # A Debian cluster keeps its configuration in /etc: the copy then has none, and gets a minimal one.
    if not (data / "pg_hba.conf").exists():
        (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    conf = data / "postgresql.conf"
    with conf.open("a") as file:
        file.write(
            _conf_lines(
                {
                    **minimums,
                    "listen_addresses": "127.0.0.1",
                    "port": str(replica.port),
                    "unix_socket_directories": str(data),
                    "hot_standby": "on",
                    "cluster_name": f"parvis_scaled_{os.getpid()}",
                    "recovery_min_apply_delay": f"{int(delay_seconds * 1000)}ms",
                    "ssl": "off",
                    "fsync": "off",
                }
            )
        )
    for path in (data / "pg_hba.conf", conf):
        give_to_postgres(path)
    start(replica, processes)
    if scalar(replica.port, "SELECT pg_is_in_recovery()") is not True:
        raise Unavailable("the replica started but is not in recovery (standby.signal missing?)")
    wait_until(
        lambda: scalar(replica.port, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"),
        what="the replica streaming from the primary (pg_stat_wal_receiver)",
        timeout=START_TIMEOUT,
        started=replica.started,
    )
    return replica


def replica_has_caught_up(primary: Cluster, replica: Cluster) -> bool:
    """Every commit made on the primary so far is visible on the replica."""
    target = scalar(primary.port, "SELECT pg_current_wal_lsn()::text")
    return bool(scalar(replica.port, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)))
