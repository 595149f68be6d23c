"""Open data: the upcoming public agenda as JSON and CSV, streamed, with its licence and a documented schema."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.models import Event
from parvis.agenda.opendata import FIELD_NAMES, LICENCE_NAME
from parvis.agenda.services.events import event_create


@pytest.fixture
def agenda(inhabitant, spaces, beauvais):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    made = {}
    for visibility, space in spaces.items():
        made[visibility] = event_create(
            creator=inhabitant,
            space=space,
            title=f"Événement {visibility}",
            description="=SOMME(A1:A2) ; « guillemets »",
            start=start,
            end=start + timedelta(hours=2),
            commune=beauvais,
            accessibility=["wheelchair", "sign_language"],
        )
    made["draft"] = event_create(
        creator=inhabitant, space=spaces["public"], title="Brouillon", start=start, end=start, status="draft"
    )
    made["past"] = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Passé",
        start=start - timedelta(days=10),
        end=start - timedelta(days=9),
    )
    return made


def body_of(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_json_is_valid_carries_the_licence_and_only_upcoming_public_events(client, agenda, beauvais):
    response = client.get("/agenda/opendata/events.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert 'rel="license"' in response["Link"]
    data = json.loads(body_of(response))
    assert data["licence"]["nom"] == LICENCE_NAME == "Licence Ouverte / Etalab 2.0"
    assert data["licence"]["url"].startswith("https://www.etalab.gouv.fr/")
    assert data["documentation"].endswith("/agenda/opendata/")
    titles = [event["titre"] for event in data["evenements"]]
    assert titles == ["Événement public"]
    event = data["evenements"][0]
    assert list(event) == FIELD_NAMES
    assert event["code_insee"] == "60057" and event["commune"] == beauvais.name
    assert event["accessibilite"] == ["wheelchair", "sign_language"]
    assert event["uid"] == agenda["public"].uid and event["url"].endswith(agenda["public"].get_absolute_url())


def test_csv_parses_with_a_licence_column_and_neutralised_formulas(client, agenda):
    response = client.get("/agenda/opendata/events.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body_of(response).lstrip("\ufeff"))))
    assert [row["titre"] for row in rows] == ["Événement public"]
    assert rows[0]["licence"] == LICENCE_NAME
    assert rows[0]["accessibilite"] == "wheelchair|sign_language"
    assert rows[0]["description"].startswith("'=")  # a spreadsheet does not run it


def test_empty_agenda_is_still_valid(client, db):
    assert json.loads(body_of(client.get("/agenda/opendata/events.json")))["evenements"] == []
    rows = list(csv.reader(io.StringIO(body_of(client.get("/agenda/opendata/events.csv")).lstrip("\ufeff"))))
    assert rows == [[*FIELD_NAMES, "licence"]]


def test_schema_page_documents_every_field(client, db):
    page = client.get("/agenda/opendata/").content.decode()
    for name in [*FIELD_NAMES, "licence"]:
        assert f"<code>{name}</code>" in page
    assert "Licence Ouverte / Etalab 2.0" in page


def test_large_volume_streams_with_bounded_queries(client, agenda, django_assert_max_num_queries):
    public = agenda["public"]
    Event.objects.bulk_create(
        [
            Event(
                space=public.space,
                created_by=public.created_by,
                title=f"Séance {index}",
                start=public.start,
                end=public.end,
                uid=f"bulk-{index}@test",
            )
            for index in range(1200)
        ]
    )
    with django_assert_max_num_queries(8):
        response = client.get("/agenda/opendata/events.json")
        data = json.loads(body_of(response))
    assert len(data["evenements"]) == 1201
