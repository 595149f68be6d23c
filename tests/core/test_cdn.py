"""PARVIS_CDN_URL: static files and public media are linked through the CDN, which the CSP then allows."""

import json
import os
import subprocess
import sys
from pathlib import Path

from parvis.core.csp import policy

ROOT = Path(__file__).resolve().parents[2]

URLS = """
import json
from django.conf import settings
from django.templatetags.static import static
from django.core.files.storage import default_storage
print("RESULT " + json.dumps({"static": static("parvis/site.css"), "media": default_storage.url("avatars/a.jpg"),
                             "static_url": settings.STATIC_URL, "media_url": settings.MEDIA_URL}))
"""


def shell(env_extra: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "PARVIS_TESTING": "0", "DATABASE_URL": "", "REDIS_URL": "", **env_extra}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", URLS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_static_and_public_media_are_linked_through_the_cdn():
    done = shell({"PARVIS_CDN_URL": "https://cdn.parvis.example.fr/"})
    assert done.returncode == 0, done.stderr[-2000:]
    urls = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert urls["static"] == "https://cdn.parvis.example.fr/static/parvis/site.css"
    assert urls["media"] == "https://cdn.parvis.example.fr/media/avatars/a.jpg"


def test_without_a_cdn_the_site_links_its_own_files():
    done = shell({"PARVIS_CDN_URL": ""})
    urls = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert urls["static_url"] == "/static/" and urls["media_url"] == "/media/"


def test_a_cdn_address_without_its_scheme_is_refused_at_start():
    done = shell({"PARVIS_CDN_URL": "cdn.parvis.example.fr"})
    assert done.returncode != 0
    assert "PARVIS_CDN_URL must be an address starting with https://" in done.stderr


def test_the_csp_allows_the_cdn_for_files_and_nothing_else(settings):
    settings.PARVIS_CDN_URL = "https://cdn.parvis.example.fr"
    directives = dict(item.split(" ", 1) for item in policy("n0nce").split("; "))
    for name in ("script-src", "style-src", "img-src", "font-src", "media-src", "connect-src"):
        assert "https://cdn.parvis.example.fr" in directives[name].split(), name
    for name in ("default-src", "form-action", "frame-src", "base-uri"):
        assert "cdn.parvis.example.fr" not in directives[name], name
    settings.PARVIS_CDN_URL = ""
    assert "cdn" not in policy("n0nce")
