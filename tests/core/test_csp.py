"""A Content-Security-Policy and a Permissions-Policy on every answer: pages, the API, error pages; a fresh nonce per
request; the one framed page (the agenda widget) says so in its view."""

import json
import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path

from parvis.core.csp import SecurityHeadersMiddleware, tiles_source


def boom(request):
    raise RuntimeError("a bug in a view")


# This module is also a URLconf (pytest.mark.urls below): the site, plus a view that fails.
urlpatterns = [path("boom/", boom), path("", include("parvis.urls"))]
handler404 = "parvis.core.views.error_404"
handler500 = "parvis.core.views.error_500"


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_strict(response) -> None:
    policy = directives(response)
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", policy["script-src"]), policy["script-src"]
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_html_pages_carry_a_strict_policy(client, beauvais):
    for url in ("/", "/agenda/", "/accounts/login/", "/espaces/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


@pytest.mark.django_db
def test_signed_in_pages_carry_it_too(signed_in):
    response = signed_in.get("/profil/")
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.django_db
def test_api_answers_carry_the_policy(client, beauvais):
    assert_strict(client.get("/api/v1/agenda/events"))
    assert_strict(client.get("/api/v1/agenda/events/999999999"))


@pytest.mark.django_db
def test_not_found_page_carries_the_policy(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_csp")
def test_server_error_page_carries_the_policy():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_strict(response)


@pytest.mark.django_db
def test_the_nonce_differs_on_each_request_and_reaches_templates(rf, client, beauvais):
    nonces = {directives(client.get("/"))["script-src"] for _ in range(3)}
    assert len(nonces) == 3
    seen = {}

    def view(request):
        template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}"></script>')
        seen["html"] = template.render({"request": request})
        return HttpResponse(seen["html"])

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    nonce = re.search(r'nonce="([^"]+)"', seen["html"]).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]


@pytest.mark.django_db
def test_htmx_runs_without_eval_script_tags_or_inline_styles(client, beauvais):
    page = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1)
    assert json.loads(config) == {"allowEval": False, "allowScriptTags": False, "includeIndicatorStyles": False}


@pytest.mark.django_db
def test_only_the_agenda_widget_may_be_framed_by_other_sites(client, beauvais):
    response = client.get(f"/agenda/widget/commune/{beauvais.slug}/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == "*" and "X-Frame-Options" not in response.headers
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", policy["script-src"])
    assert "<style" not in response.content.decode()
    assert "X-Frame-Options" in client.get("/agenda/").headers


@pytest.mark.django_db
def test_the_map_may_load_the_configured_tiles(client, settings, beauvais):
    settings.PARVIS_MAP_TILES_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    assert "https://*.tiles.example.org" in directives(client.get("/agenda/carte/"))["img-src"].split()


def test_tiles_source_of_usual_servers():
    assert tiles_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tiles_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tiles_source("https://tiles-{s}.example.org/{z}/{x}/{y}.png") == ""
    assert tiles_source("not a url") == ""


@pytest.mark.django_db
def test_the_api_documentation_loads_nothing_from_other_sites(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page and "django-ninja.dev" not in page
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in page


@pytest.mark.django_db
def test_django_debug_error_pages_stay_readable_in_development(client, settings):
    settings.DEBUG = True
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404 and "<style" in response.content.decode()
    assert "Content-Security-Policy" not in response.headers
    assert "Content-Security-Policy" in client.get("/healthz").headers
