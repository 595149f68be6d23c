"""Generate once, reuse after: each bench database is keyed by scale and by a fingerprint of everything that
shapes its content (migrations, generators, sizes, seed, versions of the apps with migrations)."""

import hashlib
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench-results" / "cache"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432"


def fingerprint(sizes: dict[str, int], seed: int) -> str:
    digest = hashlib.sha256(json.dumps([sizes, seed], sort_keys=True).encode())
    files = sorted(ROOT.glob("parvis/*/migrations/*.py"))
    files += sorted((ROOT / "bench").glob("generators/*.py"))
    files += [ROOT / "bench" / "generate.py", ROOT / "bench" / "scales.py"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for package in ("django", "django-allauth", "django-tasks-db"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:10]


def _generate(env: dict[str, str], sizes: dict[str, int], seed: int, report: Path) -> dict:
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.generate", "--sizes", json.dumps(sizes), "--seed", str(seed), "--report", report],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(report.read_text())


def sqlite_database(env, label: str, key: str, sizes, seed, regenerate: bool) -> tuple[dict, dict]:
    """The environment pointing at the cached SQLite file (generated if missing) and its generation summary."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"parvis-{label}-{key}.sqlite3"
    summary_path = path.with_suffix(".json")
    db_env = {**env, "DATABASE_URL": "", "SQLITE_PATH": str(path)}
    if path.exists() and summary_path.exists() and not regenerate:
        print(f"SQLite: reusing {path.relative_to(ROOT)} (scale {label}, schema {key})", flush=True)
        return db_env, {**json.loads(summary_path.read_text()), "cached": True}
    for stale in [*CACHE.glob(f"parvis-{label}-*.sqlite3*"), *CACHE.glob(f"parvis-{label}-*.json")]:
        stale.unlink()
    print(f"SQLite: generating {path.relative_to(ROOT)}…", flush=True)
    partial = path.with_name(path.name + ".partial")
    summary = _generate({**db_env, "SQLITE_PATH": str(partial)}, sizes, seed, summary_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return db_env, {**summary, "cached": False}


def _pg_admin(base_url: str):
    import psycopg

    return psycopg.connect(f"{base_url}/postgres", autocommit=True, connect_timeout=3)


def postgres_available(base_url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        with _pg_admin(base_url):
            return None
    except Exception as error:  # noqa: BLE001 - any failure means "skip PostgreSQL", with its reason
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


def postgres_database(env, base_url: str, label: str, key: str, sizes, seed, regenerate: bool) -> tuple[dict, dict]:
    from psycopg import sql

    CACHE.mkdir(parents=True, exist_ok=True)
    name = f"parvis_bench_{label}_{key}".replace("-", "_")
    partial = f"{name}_partial"
    summary_path = CACHE / f"{name}.pg.json"
    db_env = {**env, "DATABASE_URL": f"{base_url}/{name}"}
    with _pg_admin(base_url) as admin:
        existing = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
        if name in existing and summary_path.exists() and not regenerate:
            print(f"PostgreSQL: reusing database {name} (scale {label}, schema {key})", flush=True)
            return db_env, {**json.loads(summary_path.read_text()), "cached": True}
        # Older fingerprints of the same scale are dead weight: drop them.
        for stale in sorted(d for d in existing if d.startswith(f"parvis_bench_{label.replace('-', '_')}_")):
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(stale)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(partial)))
    print(f"PostgreSQL: generating database {name}…", flush=True)
    summary = _generate({**db_env, "DATABASE_URL": f"{base_url}/{partial}"}, sizes, seed, summary_path)
    with _pg_admin(base_url) as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(partial), sql.Identifier(name)))
    return db_env, {**summary, "cached": False}


def base_environment(secret_key: str) -> dict[str, str]:
    """Production settings on plain local HTTP: what gunicorn, the generator and the query counter all run with."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        PARVIS_HTTPS="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PARVIS_TERRITORY="departement:60",
        PYTHONPATH=str(ROOT),
    )
    env.pop("PARVIS_TASKS", None)
    env.pop("PARVIS_TESTING", None)
    return env
