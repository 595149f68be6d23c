"""One rule for every `next` and referer: a path of this site, or the fallback."""

import pytest
from django.test import RequestFactory

from parvis.core.redirects import safe_next


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example/x", "http:evil.example", "/\\evil.example", "\x01//evil.example"],
)
def test_next_to_another_site_falls_back(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, fallback="/fil/")["Location"] == "/fil/"


def test_referer_is_read_only_when_asked_and_only_from_this_site():
    factory = RequestFactory()
    inside = factory.post("/", HTTP_REFERER="http://testserver/espaces/")
    outside = factory.post("/", HTTP_REFERER="https://evil.example/")
    assert safe_next(inside, fallback="/fil/")["Location"] == "/fil/"
    assert safe_next(inside, fallback="/fil/", use_referer=True)["Location"] == "http://testserver/espaces/"
    assert safe_next(outside, fallback="/fil/", use_referer=True)["Location"] == "/fil/"


def test_next_on_this_site_is_followed():
    request = RequestFactory().get("/", {"next": "/messages/?page=2"})
    assert safe_next(request, fallback="/fil/")["Location"] == "/messages/?page=2"
