"""A report typed by its address is placed where the address search finds it in that commune (when the operator
configured one); when it finds nothing sure, or does not answer, the report sits at the commune's centre as before,
and nothing fails. Only the address and the commune's code are sent."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from parvis.core.fetch import Fetched, FetchError
from parvis.counter import geocoding
from parvis.counter.models import Report
from tests.factories import api_client

pytestmark = pytest.mark.django_db

SEARCH = "https://adresse.example/search/"


def _ban(latitude, longitude, citycode="60057", score=0.93) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": {"label": "12 Rue Saint-Pierre 60000 Beauvais", "score": score, "citycode": citycode},
                }
            ],
        }
    ).encode()


@pytest.fixture
def search(settings, monkeypatch):
    """The address search answers `search.body` (or raises `search.error`) and keeps the URLs it was asked."""
    settings.PARVIS_GEOCODER_URL = SEARCH

    class Search:
        body = _ban(49.4331, 2.0815)
        error = None
        asked: list[str] = []

    def fake_fetch(url, **options):
        Search.asked.append(url)
        if Search.error:
            raise Search.error
        return Fetched(url=url, content_type="application/json", body=Search.body)

    monkeypatch.setattr(geocoding, "fetch_url", fake_fetch)
    return Search


def _post(counter, user, beauvais, address="12 rue Saint-Pierre"):
    client = Client()
    client.force_login(user)
    return client.post(
        f"/guichet/communes/{beauvais.slug}/signaler/",
        {
            "category": str(counter["light"].pk),
            "description": "Le lampadaire est éteint.",
            "address": address,
            "commune": "Beauvais (60057)",
            "latitude": "",
            "longitude": "",
        },
    )


def test_the_address_found_places_the_report(search, counter, inhabitant, beauvais):
    assert _post(counter, inhabitant, beauvais).status_code == 302
    report = Report.objects.get()
    assert not report.at_commune_centre and report.address == "12 rue Saint-Pierre"
    assert (report.latitude, report.longitude) == (Decimal("49.433100"), Decimal("2.081500"))
    [url] = search.asked
    assert url.startswith(SEARCH) and "citycode=60057" in url and "q=12+rue+Saint-Pierre" in url
    assert "Camille" not in url and "camille" not in url


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (_ban(49.4331, 2.0815, score=0.2), None),  # a guess
        (_ban(49.4179, 2.8261, citycode="60159"), None),  # found in Compiègne
        (b"<html>maintenance</html>", None),
        (b'{"features": []}', None),
        (b'{"features": [{"geometry": {"coordinates": ["x", "y"]}, "properties": []}]}', None),
        (b"", FetchError("HTTP 503")),
    ],
)
def test_without_a_sure_answer_the_report_sits_at_the_communes_centre(
    search, counter, inhabitant, beauvais, body, error
):
    search.body, search.error = body, error
    assert _post(counter, inhabitant, beauvais).status_code == 302
    report = Report.objects.get()
    assert report.at_commune_centre
    assert (report.latitude, report.longitude) == (
        Decimal(beauvais.centre_latitude),
        Decimal(beauvais.centre_longitude),
    )


def test_a_pin_is_never_replaced_and_nothing_is_asked_without_a_setting(
    search, settings, counter, inhabitant, beauvais
):
    assert geocoding.pin_or_address(commune=beauvais, address="1 rue", latitude="49.43", longitude="2.08") == (
        "49.43",
        "2.08",
    )
    settings.PARVIS_GEOCODER_URL = ""
    assert _post(counter, inhabitant, beauvais).status_code == 302
    assert Report.objects.get().at_commune_centre and search.asked == []


def test_the_api_places_a_report_by_its_address_too(search, counter, inhabitant, beauvais):
    answer = api_client(inhabitant).post(
        "/api/v1/counter/reports",
        {"category": counter["light"].pk, "description": "Éteint", "commune": beauvais.code, "address": "12 rue"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert not answer.json()["at_commune_centre"] and answer.json()["latitude"] == 49.433
