"""Redis down: with REDIS_URL pointing at a port where nothing answers, signing in and posting still work (the cache
falls back to the database cache table, the task queue to the database queue), with no error page."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.engines import closed_port, parvis_process_env, redis_answers

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django_tasks_db.models import DBTaskResult
from parvis.accounts.models import User
from parvis.posts.models import Post
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create
from parvis.territories.models import Territory
from parvis.territories.services import territories_import

territories_import(departements=["60"])
beauvais = Territory.objects.get(level="commune", code="60057")
user = User.objects.create_user(email="lea@example.org", password="un-mot-de-passe-solide", home_commune=beauvais)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
space = space_create(creator=user, name="Jardin partagé", nature=Nature.VOISINAGE, territory=beauvais,
                     visibility=Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
client = Client()
login = client.post("/accounts/login/", {"login": user.email, "password": "un-mot-de-passe-solide"})
post = client.post(f"/espaces/{space.slug}/publier/", {"body": "Arrosage samedi"})
signup = client.post("/accounts/signup/", {"email": "nouveau@example.org", "password1": "Un mot de passe bien long 42",
                     "password2": "Un mot de passe bien long 42", "accept_charter": "on"})
print("RESULT " + json.dumps({
    "login": login.status_code,
    "signed_in": "_auth_user_id" in client.session,
    "post": post.status_code,
    "posts": Post.objects.filter(space=space).count(),
    "signup": signup.status_code,
    "queued_in_database": DBTaskResult.objects.count(),
    "cache_degraded": cache.degraded,
    "health": (lambda r: [r.status_code, r.json()])(Client().get("/healthz")),
}))
"""


def run(args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def test_sign_in_and_posting_work_while_redis_is_unreachable(migrated_sqlite):
    env = parvis_process_env(
        migrated_sqlite,
        f"redis://127.0.0.1:{closed_port()}/3",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    migrate = run(["migrate", "-v0"], env)
    assert migrate.returncode == 0, migrate.stderr
    done = run(["shell", "-c", SCRIPT], env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert result["login"] == 302 and result["signed_in"]
    assert result["post"] == 302 and result["posts"] == 1
    assert result["signup"] == 302
    assert result["queued_in_database"] >= 1  # the sign-up e-mail waits for `db_worker --backend database`
    assert result["cache_degraded"] is True
    # Health says so, and still answers 200: the instance serves every page.
    assert result["health"][0] == 200 and result["health"][1]["status"] == "degraded"
    assert result["health"][1]["checks"]["cache"].startswith("degraded")
    assert result["health"][1]["checks"]["tasks"].startswith("degraded")
    assert "redis unreachable" in done.stderr


def test_with_redis_answering_the_counters_and_tasks_go_to_redis(migrated_sqlite):
    import pytest

    if not redis_answers():
        pytest.skip("REDIS NOT RUNNING on 127.0.0.1:6379: Redis path untested")
    import redis

    prefix = f"parvis-failover-test-{os.getpid()}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "PARVIS_TESTING": "0",
        "PARVIS_TASKS": "",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(migrated_sqlite),
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "CACHE_PREFIX": prefix,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    assert run(["migrate", "-v0"], env).returncode == 0
    done = run(["shell", "-c", SCRIPT], env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert result["signed_in"] and result["posts"] == 1 and result["signup"] == 302
    assert result["cache_degraded"] is False
    assert result["queued_in_database"] == 0
    assert result["health"][0] == 200 and result["health"][1]["status"] == "ok"
    assert result["health"][1]["engines"]["cache"] == "redis" and result["health"][1]["engines"]["tasks"] == "rq"
    server = redis.Redis(host="127.0.0.1", port=6379, db=3)
    keys = server.keys(f"{prefix}:*")
    assert any(b"ratelimit" in key or b"rl:" in key or b"allauth" in key for key in keys), keys
    server.delete(*keys)
    for key in server.keys("rq:*"):  # the jobs this test queued, in its own database
        server.delete(key)
