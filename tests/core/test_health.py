"""/healthz names each engine the instance is configured with and says whether it answers, on real engines: the test
database, a real S3 server (moto's), Redis and a PostgreSQL replica address where nothing listens."""

import os
import socket
from pathlib import Path

import pytest
from django.test import override_settings

from parvis.core.storage_settings import storages_from
from tests.engines import closed_port, manage_shell
from tests.s3 import LocalS3

ROOT = Path(__file__).resolve().parents[2]


def answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), 1).close()
    except OSError:
        return False
    return True


def test_healthz_names_each_engine_and_says_it_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["engines"] == {
        "database": db_vendor(),
        "cache": "database",
        "tasks": "immediate",
        "storage": "filesystem",
    }
    assert set(body["checks"].values()) == {"ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def db_vendor() -> str:
    from django.db import connection

    return connection.vendor


def test_healthz_says_no_address_nor_secret(client, db, settings):
    text = client.get("/healthz").content.decode()
    assert "://" not in text and "127.0.0.1" not in text and "postgres@" not in text
    assert settings.SECRET_KEY not in text


def test_an_unusable_media_folder_answers_503(client, db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker / "m"}},
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["storage"].startswith("down")
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_checks_the_s3_buckets_and_says_when_they_stop_answering(client, db):
    server = LocalS3().start()
    try:
        with override_settings(STORAGES=storages_from(server.environment())):
            answering = client.get("/healthz")
            server.stop()
            stopped = client.get("/healthz")
    finally:
        server.stop()
    assert answering.status_code == 200
    assert answering.json()["engines"]["storage"] == "s3"
    assert answering.json()["checks"]["storage"] == "ok"
    assert stopped.status_code == 503
    assert stopped.json()["checks"]["storage"].startswith("down")


HEALTH_AND_A_PAGE = """
import json
from django.test import Client
health = Client().get("/healthz")
page = Client().get("/communes/")
print("RESULT " + json.dumps({"health": [health.status_code, health.json()], "page": page.status_code}))
"""


def instance_env(migrated_sqlite, **extra) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",
        "PARVIS_TESTING": "0",
        "PARVIS_TASKS": "",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "SQLITE_PATH": str(migrated_sqlite),
        **extra,
    }


def test_a_replica_that_does_not_answer_is_reported_and_its_reads_go_to_the_primary(migrated_sqlite):
    """A PostgreSQL replica address where nothing listens: the pages are served from the primary, health says
    "degraded" and still answers 200, so that the load balancer keeps every web process."""
    env = instance_env(migrated_sqlite, DATABASE_REPLICA_URLS=f"postgres://postgres@127.0.0.1:{closed_port()}/parvis")
    result = manage_shell(HEALTH_AND_A_PAGE, env)
    assert result["page"] == 200
    status, body = result["health"]
    assert status == 200 and body["status"] == "degraded"
    assert body["engines"]["replica_1"] == "postgresql"
    assert body["checks"]["replica_1"].startswith("degraded")
    assert body["checks"]["database"] == "ok"


@pytest.mark.skipif(not answers("127.0.0.1", 6379), reason="REDIS NOT RUNNING on 127.0.0.1:6379: Redis health untested")
def test_with_redis_health_names_redis_and_rq(migrated_sqlite):
    env = instance_env(
        migrated_sqlite, REDIS_URL="redis://127.0.0.1:6379/13", CACHE_PREFIX=f"parvis-health-test-{os.getpid()}"
    )
    status, body = manage_shell(HEALTH_AND_A_PAGE, env)["health"]
    assert status == 200
    assert body["engines"]["cache"] == "redis" and body["engines"]["tasks"] == "rq"
    assert body["checks"]["cache"] == "ok" and body["checks"]["tasks"] == "ok"
