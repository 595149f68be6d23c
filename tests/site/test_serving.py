"""What `make run` serves with DEBUG off: the product's own error pages, and static files served by Parvis itself."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_page_answers_the_products_404_in_french_with_a_way_back(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'href="/"' in page and 'href="/agenda/"' in page
    assert 'class="site-header"' in page  # the site's own frame, not Django's plain page


@override_settings(ROOT_URLCONF="tests.site.urls_failing")
def test_a_failure_answers_the_products_500_page_without_touching_the_database(db, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        # The session and the user are never read: the database may be what failed.
        response = client.get("/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Une erreur est survenue" in page and "Revenir à l'accueil" in page and 'href="/"' in page
    assert "parvis/parvis.css" in page
    assert "a bug" not in page and "Traceback" not in page


SCRIPT = """
import json, django
from django.core.management import call_command
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
from django.templatetags.static import static
client = Client()
css = static("parvis/parvis.css")
home = client.get("/")
asset = client.get(css)
missing = client.get("/static/parvis/nope.css")
print(json.dumps({
    "css": css,
    "home": home.status_code,
    "linked": css in home.content.decode(),
    "asset": asset.status_code,
    "body": b"".join(asset.streaming_content).decode()[:200] if asset.status_code == 200 else "",
    "cache": asset.get("Cache-Control", ""),
    "missing": missing.status_code,
}))
"""


@pytest.mark.django_db(transaction=True)
def test_static_files_are_served_by_parvis_with_debug_off(tmp_path, migrated_sqlite):
    database = migrated_sqlite
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PARVIS_TESTING", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="parvis.settings",
        PARVIS_TESTING="0",
        DEBUG="0",
        PARVIS_HTTPS="0",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        SQLITE_PATH=str(database),
        STATIC_ROOT=str(tmp_path / "static"),
        LOG_LEVEL="ERROR",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["home"] == 200
    assert found["css"] != "/static/parvis/parvis.css"  # a hashed name, cached for long by browsers
    assert found["linked"]
    assert found["asset"] == 200 and found["body"].strip()
    assert "max-age" in found["cache"]
    assert found["missing"] == 404
