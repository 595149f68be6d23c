"""Open311 GeoReport v2: the service list and a request round trip with an independent client (urllib against a
live server), and what the public reads there (never the reporter, the place rounded)."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from parvis.accounts.services import api_token_create
from parvis.counter.models import Report, State
from parvis.counter.services import report_state_set
from tests.factories import api_client

from .conftest import NEAR_CATHEDRAL


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (the test's own live server)
        return answer.status, json.loads(answer.read())


def _post(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True)
def test_a_round_trip_with_an_independent_client(live_server, counter, inhabitant):
    base = f"{live_server.url}/open311/v2"
    status, services = _get(f"{base}/services.json")
    assert status == 200
    light = next(s for s in services if s["service_name"] == "Éclairage public")
    assert light["group"] == "Services techniques" and light["type"] == "realtime"

    _token, key = api_token_create(user=inhabitant, name="Open311", scope="write")
    fields = {
        "service_code": light["service_code"],
        "lat": NEAR_CATHEDRAL[0],
        "long": NEAR_CATHEDRAL[1],
        "address_string": "12 rue Saint-Pierre",
        "description": "Lampadaire éteint",
    }
    assert _post(f"{base}/requests.json", fields)[0] == 403  # no key
    status, created = _post(f"{base}/requests.json", fields | {"api_key": key})
    assert status == 201
    request_id = created[0]["service_request_id"]
    report = Report.objects.get(pk=request_id)
    assert report.reporter == inhabitant and report.category_id == int(light["service_code"])

    report_state_set(agent=counter["agent"], report=report, state=State.RESOLVED, message="Réparé")
    status, found = _get(f"{base}/requests/{request_id}.json")
    assert status == 200 and found[0]["status"] == "closed" and found[0]["status_notes"] == "Réparé"
    assert found[0]["lat"] == 49.433 and "Camille" not in json.dumps(found)
    status, listed = _get(f"{base}/requests.json?status=closed&service_code={light['service_code']}")
    assert [row["service_request_id"] for row in listed] == [request_id]
    assert _get(f"{base}/requests.json?status=open")[1] == []

    # Bad input: a sentence, never a 500.
    status, error = _post(f"{base}/requests.json", fields | {"api_key": key, "service_code": "999999"})
    assert status == 400 and "service_code" in error[0]["description"]
    status, error = _post(f"{base}/requests.json", fields | {"api_key": key, "lat": "48.1173", "long": "-1.6778"})
    assert status == 400 and Report.objects.count() == 1
    try:
        _get(f"{base}/requests.json?start_date=hier")
    except urllib.error.HTTPError as refused:
        assert refused.code == 400
    else:
        raise AssertionError("a date that is not one must be refused")


@pytest.mark.django_db
def test_the_api_reports_and_follows_up(counter, inhabitant, beauvais, django_capture_on_commit_callbacks):
    categories = Client().get(f"/api/v1/counter/categories?commune={beauvais.code}").json()
    light = next(c for c in categories if c["name"] == "Éclairage public")
    assert {c["service"] for c in categories} == {"Services techniques", "Voirie départementale"}
    reporter = api_client(inhabitant)
    answer = reporter.post(
        "/api/v1/counter/reports",
        {"category": light["id"], "description": "Éteint", "commune": beauvais.code, "address": "rue Saint-Pierre"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    report_id = answer.json()["id"]
    assert answer.json()["at_commune_centre"] and answer.json()["mine"]
    refused = reporter.post(
        f"/api/v1/counter/reports/{report_id}/state", {"state": "resolved"}, content_type="application/json"
    )
    assert refused.status_code == 403
    agent = api_client(counter["agent"])
    done = agent.post(
        f"/api/v1/counter/reports/{report_id}/state",
        {"state": "resolved", "message": "Fait"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "resolved"
    listed = Client().get(f"/api/v1/counter/reports?commune={beauvais.code}").json()
    assert [row["id"] for row in listed] == [report_id] and "Camille" not in str(listed)
    bad = reporter.post(
        "/api/v1/counter/reports",
        {"category": counter["compiegne_litter"].pk, "description": "x", "commune": beauvais.code, "address": "r"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Beauvais" in bad.json()["detail"]
