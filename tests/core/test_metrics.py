"""/metrics: Prometheus's text format behind a bearer token, requests by view name (never by raw path), the task
queue's depth and failures, and, with Redis, counters shared by every process."""

import os
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parvis.accounts.tasks import send_email
from tests.engines import manage_shell, parvis_process_env, redis_answers

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "a-long-random-metrics-token-for-the-tests"
SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?P<labels>\{[^}]*\})? (?P<value>[0-9.e+-]+)$")


def samples(text: str) -> dict[str, float]:
    """Every sample line, keyed by its name and labels as written."""
    found = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        match = SAMPLE.match(line)
        assert match, f"not Prometheus's text format: {line!r}"
        found[match.group("name") + (match.group("labels") or "")] = float(match.group("value"))
    return found


def scrape(client) -> dict[str, float]:
    response = client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return samples(response.content.decode())


@pytest.fixture
def token(settings):
    settings.PARVIS_METRICS_TOKEN = TOKEN


def test_without_a_token_configured_there_is_no_metrics_page(client, db, settings):
    settings.PARVIS_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"authorization": "Bearer "}).status_code == 404
    assert client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_the_metrics_need_the_right_bearer_token(client, db, token):
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", headers={"authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}x"}).status_code == 403
    assert client.get("/metrics", headers={"authorization": f"Bearer {TOKEN[:-1]}"}).status_code == 403
    assert client.post("/metrics", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 405
    assert "parvis_" not in missing.content.decode()
    assert "jeton" in missing.content.decode()  # the sentence, in the instance's language


def test_requests_are_counted_by_view_name_never_by_raw_path(client, db, token):
    before = scrape(client)
    for pk in (101, 102, 103):
        client.get(f"/fichiers/post/{pk}/image/")  # one URL pattern, three paths: one series
    client.get("/healthz")
    client.get("/nothing-answers-here/")
    after = scrape(client)

    def grew(key: str) -> float:
        return after.get(key, 0) - before.get(key, 0)

    assert grew('parvis_http_requests_total{view="media_file",method="GET",code="404"}') == 3
    assert grew('parvis_http_requests_total{view="healthz",method="GET",code="200"}') == 1
    assert grew('parvis_http_requests_total{view="unmatched",method="GET",code="404"}') == 1
    assert not [key for key in after if "/fichiers/" in key or "101" in key]
    assert grew('parvis_http_request_duration_seconds_count{view="media_file"}') == 3
    assert (
        after['parvis_http_request_duration_seconds_bucket{view="media_file",le="+Inf"}']
        == (after['parvis_http_request_duration_seconds_count{view="media_file"}'])
    )
    buckets = [
        value
        for key, value in after.items()
        if key.startswith('parvis_http_request_duration_seconds_bucket{view="media_file"')
    ]
    assert buckets == sorted(buckets)  # cumulative, as Prometheus reads a histogram
    assert after['parvis_metrics_store{store="process"}'] == 1


def test_an_invented_method_is_counted_among_the_others_and_nothing_is_counted_while_metrics_are_off(
    client, db, settings, token
):
    before = scrape(client)
    code = client.generic("BREW42", "/healthz").status_code
    after = scrape(client)
    assert not [key for key in after if "BREW42" in key]
    series = f'parvis_http_requests_total{{view="healthz",method="other",code="{code}"}}'
    assert after[series] - before.get(series, 0) == 1
    settings.PARVIS_METRICS_TOKEN = ""
    client.get("/healthz")
    settings.PARVIS_METRICS_TOKEN = TOKEN
    assert scrape(client).get('parvis_http_requests_total{view="healthz",method="GET",code="200"}', 0) == after.get(
        'parvis_http_requests_total{view="healthz",method="GET",code="200"}', 0
    )


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_database_queue_depth_and_failed_tasks_are_given(client, db, token):
    with override_settings(TASKS=DATABASE_QUEUE):
        for _ in range(3):
            send_email.enqueue(subject="Bonjour", body="…", html="", from_email="a@example.org", to=["b@example.org"])
        # A failed run, as the worker leaves it for inspection.
        DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at").first().pk).update(
            status=TaskResultStatus.FAILED
        )
        figures = scrape(client)
    assert figures['parvis_tasks_waiting{backend="database",queue="default"}'] == 2
    assert figures['parvis_tasks_failed{backend="database",queue="default"}'] == 1


def test_tasks_run_inline_have_no_queue_to_measure(client, db, token):
    figures = scrape(client)
    assert not [key for key in figures if key.startswith("parvis_tasks_")]


REQUESTS = """
from django.test import Client
client = Client()
for _ in range(NUMBER):
    client.get("/healthz")
print("RESULT {}")
"""

SCRAPE = """
import json
from django.test import Client
from parvis.accounts.tasks import send_email
send_email.enqueue(subject="Bonjour", body="…", html="", from_email="a@example.org", to=["b@example.org"])
response = Client().get("/metrics", headers={"authorization": "Bearer TOKEN"})
print("RESULT " + json.dumps(response.content.decode()))
"""


@pytest.mark.skipif(not redis_answers(), reason="REDIS NOT RUNNING on 127.0.0.1:6379: shared metrics untested")
def test_with_redis_every_process_counts_into_the_same_figures(migrated_sqlite):
    """Two web processes count requests; a third answers the scrape with the sum, and RQ's queue depth."""
    import redis

    queue_db = 12
    env = parvis_process_env(
        migrated_sqlite,
        f"redis://127.0.0.1:6379/{queue_db}",
        CACHE_PREFIX=f"parvis-metrics-test-{os.getpid()}",
        PARVIS_METRICS_TOKEN=TOKEN,
    )

    # Runs side by side take turns on the queue's Redis database, which is emptied (as in tests/core/test_redis.py).
    turns = redis.Redis(host="127.0.0.1", port=6379, db=0)
    with turns.lock("parvis-tests:rq-queue", timeout=900, blocking_timeout=None):
        redis.Redis(host="127.0.0.1", port=6379, db=queue_db).flushdb()
        manage_shell(REQUESTS.replace("NUMBER", "2"), env)
        manage_shell(REQUESTS.replace("NUMBER", "3"), env)
        figures = samples(manage_shell(SCRAPE.replace("TOKEN", TOKEN), env))
        redis.Redis(host="127.0.0.1", port=6379, db=queue_db).flushdb()
    assert figures['parvis_metrics_store{store="redis"}'] == 1
    assert figures['parvis_http_requests_total{view="healthz",method="GET",code="200"}'] == 5
    assert figures['parvis_tasks_waiting{backend="rq",queue="default"}'] == 1
    assert figures['parvis_tasks_failed{backend="rq",queue="default"}'] == 0
    assert "parvis_redis_keyspace_hits_total" in figures
