"""With REDIS_URL, a signed-in person's session is read from Redis on every page, not from the primary, and the
database row stays the reference: emptying Redis signs nobody out, and a cookie that cannot be a key is no session."""

import os
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.engines import manage_shell, redis_answers
from tests.factories import make_user

pytestmark = [
    pytest.mark.skipif(not redis_answers(), reason="REDIS NOT RUNNING on 127.0.0.1:6379: sessions in Redis untested"),
    pytest.mark.django_db,
]
REDIS_DB = 13  # shared with the health test; every key here carries this run's own prefix, and only those are removed


@pytest.fixture
def sessions_in_redis(settings):
    prefix = f"parvis-sessions-test-{uuid.uuid4().hex[:8]}"
    caches = {
        **settings.CACHES,
        "default": {
            "BACKEND": "parvis.core.failover.FailoverRedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"FALLBACK": "database", "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
        "database": settings.CACHES["default"],
    }
    with override_settings(CACHES=caches, SESSION_ENGINE="parvis.core.cached_sessions"):
        yield
        import redis

        store = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        for key in store.scan_iter(f"{prefix}:*"):
            store.delete(key)


def session_queries(client, path: str = "/") -> tuple[bool, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.wsgi_request.user.is_authenticated, sum("django_session" in q["sql"] for q in queries)


def test_a_signed_in_persons_pages_read_her_session_from_redis_not_the_database(sessions_in_redis, client):
    from django.contrib.sessions.models import Session

    client.force_login(make_user("lea@example.org", display_name="Léa"))
    assert Session.objects.filter(session_key=client.session.session_key).exists()  # the reference, in the database
    assert session_queries(client) == (True, 0)


def test_emptying_redis_signs_nobody_out(sessions_in_redis, client):
    from django.core.cache import cache

    client.force_login(make_user("lea@example.org", display_name="Léa"))
    cache.clear()  # a restart of Redis without persistence, or every key evicted
    signed_in, read_in_database = session_queries(client)
    assert signed_in and read_in_database == 1  # read once from its row, then from Redis again
    assert session_queries(client) == (True, 0)


def test_a_cookie_that_cannot_be_a_key_is_no_session_and_no_error(sessions_in_redis, client):
    for cookie in ("\x00" * 20, "a" * 100_000, "<script>", "../../etc"):
        client.cookies["sessionid"] = cookie
        response = client.get("/")
        assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_redis_url_chooses_the_sessions_in_redis(migrated_sqlite):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(migrated_sqlite),
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    }
    script = "import json; from django.conf import settings; print('RESULT ' + json.dumps(settings.SESSION_ENGINE))"
    assert manage_shell(script, env) == "parvis.core.cached_sessions"
    env.pop("REDIS_URL")
    assert manage_shell(script, env) == "parvis.core.sessions"
