"""NUL bytes and absurdly long values in the cookies and headers Parvis reads (session, CSRF and language cookies,
Accept-Language, X-Forwarded-For, a bearer token, conditional requests, htmx's headers) never answer 500: the
request is served as if the value were absent or unknown. Run on SQLite and on PostgreSQL, which refuses a NUL in
any text it is asked to compare."""

import pytest
from django.conf import settings

from parvis.accounts.services import api_token_create

HOSTILE = ["a\x00b", "\x00" * 40, "x" * 100_000, "é\x00" * 5000]

PAGES = ["/", "/agenda/", "/agenda/agenda.ics", "/agenda/atom/", "/espaces/", "/api/v1/agenda/events", "/api/v1/me"]


def _headers(value: str) -> dict[str, dict[str, str]]:
    """Each header or cookie Parvis reads, carrying the hostile value (one at a time)."""
    cookies = {
        name: {"HTTP_COOKIE": f"{name}={value}"}
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME)
    }
    headers = {
        name: {name: value}
        for name in (
            "HTTP_ACCEPT_LANGUAGE",
            "HTTP_X_FORWARDED_FOR",
            "HTTP_IF_NONE_MATCH",
            "HTTP_IF_MODIFIED_SINCE",
            "HTTP_REFERER",
            "HTTP_ORIGIN",
            "HTTP_USER_AGENT",
            "HTTP_HX_REQUEST",
            "HTTP_HX_CURRENT_URL",
            "HTTP_X_CSRFTOKEN",
        )
    }
    return {**cookies, **headers, "bearer token": {"HTTP_AUTHORIZATION": f"Bearer {value}"}}


def _failures(client, method: str, url: str, data=None) -> list[str]:
    failures = []
    for value in HOSTILE:
        for name, extra in _headers(value).items():
            response = getattr(client, method)(url, data, **extra) if data else getattr(client, method)(url, **extra)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} {name}={value[:8]!r}…: {response.status_code}")
    return failures


@pytest.fixture
def hostile_client(client, settings):
    settings.PARVIS_TRUSTED_PROXIES = 1  # X-Forwarded-For is read
    client.raise_request_exception = False
    return client


def test_hostile_headers_and_cookies_never_answer_500_to_a_visitor(hostile_client, spaces):
    failures = [failure for page in PAGES for failure in _failures(hostile_client, "get", page)]
    assert not failures, "\n".join(failures)


def test_hostile_headers_and_cookies_never_answer_500_to_a_signed_in_person(hostile_client, inhabitant, spaces):
    hostile_client.force_login(inhabitant)
    failures = [
        failure
        for page in ["/", "/messages/", "/notifications/", "/profil/"]
        for failure in _failures(hostile_client, "get", page)
    ]
    assert not failures, "\n".join(failures)


def test_hostile_headers_and_cookies_never_answer_500_on_sign_in_and_posting(hostile_client, inhabitant, spaces):
    failures = _failures(
        hostile_client, "post", "/accounts/login/", {"login": "camille@example.org", "password": "mauvais"}
    )
    _token, raw = api_token_create(user=inhabitant, name="script", scope="write")
    failures += _failures(hostile_client, "post", "/accounts/password/reset/", {"email": "camille@example.org"})
    hostile_client.force_login(inhabitant)
    failures += _failures(hostile_client, "post", f"/espaces/{spaces['public'].slug}/publier/", {"body": "Bonjour"})
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_bearer_token_is_refused_as_unknown(client, db, value):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {value}")
    assert response.status_code == 401


def test_a_hostile_session_cookie_reads_as_signed_out(client, inhabitant):
    client.force_login(inhabitant)
    for value in HOSTILE:
        response = client.get("/profil/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={value}")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_csrf_cookie_or_header_is_refused_with_a_403_where_csrf_is_checked(db, value):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    form = {"login": "camille@example.org", "password": "mauvais", "csrfmiddlewaretoken": value}
    for extra in (
        {"HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={value}"},
        {"HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={'a' * 32}", "HTTP_X_CSRFTOKEN": value},
    ):
        assert client.post("/accounts/login/", form, **extra).status_code == 403
