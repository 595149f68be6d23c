"""The client's address behind reverse proxies: X-Forwarded-For is read only as far as PARVIS_TRUSTED_PROXIES
allows, so that limits neither lump every visitor under the proxy's address nor let a client pick its own."""

import pytest
from django.test import RequestFactory

from parvis.core.network import address_key, client_ip
from tests.factories import make_user

PROXY = "10.0.0.2"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.PARVIS_TRUSTED_PROXIES = 0
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


def test_one_trusted_proxy_gives_the_address_it_saw(settings):
    settings.PARVIS_TRUSTED_PROXIES = 1
    assert client_ip(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself, left of what the proxy appended, is never believed.
    assert client_ip(request_from(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    # No header (a health check from the proxy itself): the connection's address.
    assert client_ip(request_from(PROXY)) == PROXY


def test_two_trusted_proxies(settings):
    settings.PARVIS_TRUSTED_PROXIES = 2
    assert client_ip(request_from(PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"
    assert client_ip(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_garbage_in_the_header_falls_back_to_the_connection(settings):
    settings.PARVIS_TRUSTED_PROXIES = 1
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY
    assert client_ip(request_from(PROXY, "203.0.113.9:51234")) == "203.0.113.9"
    assert client_ip(request_from(PROXY, "[2001:db8::1]:443")) == "2001:db8::1"


def test_an_ipv6_address_counts_as_its_64_network():
    assert address_key("2001:db8:1:2::7") == address_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert address_key("192.0.2.7") == "192.0.2.7"


@pytest.mark.django_db
def test_behind_a_proxy_one_client_failing_to_sign_in_does_not_lock_out_the_others(settings, client):
    """allauth counts failed sign-ins per address (10 a minute): behind a proxy that must be the client's address."""
    settings.PARVIS_TRUSTED_PROXIES = 1
    make_user("lou@example.org")
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"absent{attempt}@example.org", "password": "faux"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    blocked = client.post(
        "/accounts/login/",
        {"login": "lou@example.org", "password": "un-mot-de-passe-solide"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert blocked.status_code != 302  # the noisy client waits
    other = client.post(
        "/accounts/login/",
        {"login": "lou@example.org", "password": "un-mot-de-passe-solide"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302  # another visitor through the same proxy signs in
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(settings, client):
    settings.PARVIS_TRUSTED_PROXIES = 0
    make_user("lou@example.org")
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"absent{attempt}@example.org", "password": "faux"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    response = client.post(
        "/accounts/login/",
        {"login": "lou@example.org", "password": "un-mot-de-passe-solide"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert response.status_code != 302
