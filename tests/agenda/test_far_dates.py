"""Far dates and out-of-range values: refused with a sentence when they come in, and harmless in every file the
agenda serves when one is already stored (an event of year 9999 saved before the bounds existed, or imported)."""

import csv
import io
import json
import logging
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from parvis.accounts.services import api_token_create
from parvis.agenda.models import Event
from parvis.agenda.services.events import event_create

pytestmark = pytest.mark.usefixtures("english")

YEAR_9999 = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)


@pytest.fixture
def agenda(inhabitant, spaces, beauvais):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    good = event_create(
        creator=inhabitant, space=spaces["public"], title="Fête de la soupe", start=start, commune=beauvais
    )
    far = event_create(
        creator=inhabitant, space=spaces["public"], title="Bal de l'an 9999", start=start, commune=beauvais
    )
    broken = event_create(
        creator=inhabitant, space=spaces["public"], title="Ligne cassée", start=start, commune=beauvais
    )
    # Stored as they could be by an older version or straight into the table: the bounds below refuse them at the
    # door now. The year-9999 event is shown nowhere; the broken row is skipped by each file, which says so.
    Event.objects.filter(pk=far.pk).update(start=YEAR_9999, end=YEAR_9999)
    Event.objects.filter(pk=broken.pk).update(time_zone="Nowhere/Atlantis", exdates=7, rrule="FREQ=WEEKLY;COUNT=2")
    return good, far, broken


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


@pytest.mark.parametrize(
    "url",
    ["/agenda/agenda.ics", "/agenda/territoire/commune/{beauvais}/agenda.ics", "/agenda/espaces/{slug}/agenda.ics"],
)
def test_an_event_in_year_9999_or_a_broken_row_does_not_break_the_ical_feeds(
    client, agenda, spaces, beauvais, url, caplog
):
    _good, _far, broken = agenda
    with caplog.at_level(logging.WARNING, logger="parvis.agenda"):
        response = client.get(url.format(slug=spaces["public"].slug, beauvais=beauvais.slug))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    titles = [str(component["summary"]) for component in calendar.walk("VEVENT")]
    assert titles == ["Fête de la soupe"]
    assert any(getattr(record, "event_id", None) == broken.pk for record in caplog.records)


def test_the_single_event_file_of_a_year_9999_event_or_a_broken_row_still_answers(client, agenda):
    _good, far, broken = agenda
    assert client.get(f"/agenda/evenements/{far.pk}/evenement.ics").status_code == 404
    response = client.get(f"/agenda/evenements/{broken.pk}/evenement.ics")
    assert response.status_code == 200
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT") == []


def test_an_event_in_year_9999_does_not_break_the_atom_feed(client, agenda):
    response = client.get("/agenda/atom/")
    assert response.status_code == 200
    assert "Fête de la soupe" in response.content.decode()


def test_open_data_json_skips_and_logs_a_row_it_cannot_write_and_stays_valid(client, agenda, caplog):
    _good, _far, broken = agenda
    with caplog.at_level(logging.WARNING, logger="parvis.agenda"):
        data = json.loads(text_of(client.get("/agenda/opendata/events.json")))
    assert [event["titre"] for event in data["evenements"]] == ["Fête de la soupe"]
    assert any(getattr(record, "event_id", None) == broken.pk for record in caplog.records)


def test_open_data_csv_skips_and_logs_a_row_it_cannot_write_and_is_complete(client, agenda, caplog):
    _good, _far, broken = agenda
    with caplog.at_level(logging.WARNING, logger="parvis.agenda"):
        rows = list(csv.reader(io.StringIO(text_of(client.get("/agenda/opendata/events.csv")).lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["Fête de la soupe"]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert any(getattr(record, "event_id", None) == broken.pk for record in caplog.records)


# At the door: the form, the API and the service refuse what the files above would choke on.


def event_form(**overrides) -> dict:
    return {
        "title": "Repas partagé",
        "start": "2026-06-06T12:00",
        "end": "2026-06-06T15:00",
        "category": "other",
        "is_free": "on",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "sentence"),
    [
        ({"start": "9999-12-31T23:00", "end": "9999-12-31T23:30"}, "between the years 1900 and 2100"),
        ({"start": "1850-01-01T10:00", "end": ""}, "between the years 1900 and 2100"),
        ({"end": "2026-06-05T12:00"}, "cannot end before it starts"),
        ({"capacity": str(10**18)}, "less than or equal to"),
    ],
)
def test_the_event_form_answers_out_of_range_values_with_a_sentence(signed_in, spaces, overrides, sentence):
    response = signed_in.post(f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/", event_form(**overrides))
    assert response.status_code == 200
    assert sentence in response.content.decode().replace("&#x27;", "'")
    assert not Event.objects.filter(title="Repas partagé").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": 10**18}, "capacity"),
        ({"start": "9999-12-31T23:00:00-05:00"}, "start"),
        ({"end": "2200-01-01T00:00:00Z"}, "end"),
        ({"title": "x" * 201}, "title"),
        ({"title": "nul\x00byte"}, "NUL"),
    ],
)
def test_the_api_answers_out_of_range_values_with_400_and_a_sentence(client, inhabitant, spaces, changes, field):
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    payload = {"space": spaces["public"].slug, "title": "Repas", "start": "2026-06-06T12:00:00+02:00", **changes}
    response = client.post(
        "/api/v1/agenda/events", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert not Event.objects.exists()


def test_the_api_refuses_an_end_before_the_start_when_editing(client, inhabitant, spaces):
    start = timezone.now() + timedelta(days=2)
    event = event_create(creator=inhabitant, space=spaces["public"], title="Repas", start=start)
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    response = client.patch(
        f"/api/v1/agenda/events/{event.pk}",
        {"end": (start - timedelta(days=1)).isoformat()},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.json()["detail"]
    event.refresh_from_db()
    assert event.end == event.start  # nothing already saved is lost


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"capacity": 10**18}, "capacity"),
        ({"start": datetime(9999, 1, 1, tzinfo=UTC)}, "start"),
        ({"venue_name": "v" * 500}, "venue_name"),
        ({"description": "nul\x00byte"}, "description"),
    ],
)
def test_the_service_refuses_values_the_database_cannot_hold(inhabitant, spaces, fields, field):
    from django.core.exceptions import ValidationError

    data = {"title": "Repas", "start": datetime(2026, 6, 6, 12, tzinfo=UTC), **fields}
    with pytest.raises(ValidationError) as refused:
        event_create(creator=inhabitant, space=spaces["public"], **data)
    assert field in refused.value.message_dict
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/",
        "/agenda/evenements/{far}/",
        "/agenda/carte/",
        "/agenda/mois/2026/11/",
        "/agenda/mois/9999/12/",
        "/agenda/territoire/commune/{beauvais}/",
        "/agenda/widget/commune/{beauvais}/",
        "/api/v1/agenda/events",
        "/api/v1/agenda/events/{far}",
        "/espaces/{slug}/",
    ],
)
def test_pages_and_the_api_still_answer_with_an_event_in_year_9999(client, agenda, spaces, beauvais, url):
    _good, far, _broken = agenda
    response = client.get(url.format(far=far.pk, beauvais=beauvais.slug, slug=spaces["public"].slug))
    assert response.status_code in (200, 404)


def test_an_imported_calendar_keeps_good_events_and_reports_far_long_or_nul_ones(inhabitant, spaces):
    from parvis.agenda.ical_import import sync as ical_sync
    from parvis.agenda.models import CalendarSource

    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)

    def vevent(uid: str, summary: str, start: str, location: str = "") -> str:
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART:{start}", "DTSTAMP:20260101T000000Z"]
        return "\r\n".join([*lines, *([f"LOCATION:{location}"] if location else []), "END:VEVENT"])

    raw = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Test//FR",
            vevent("good@test", "Marché", "20260606T080000Z"),
            vevent("far@test", "Bal", "99991231T230000Z"),
            vevent("old@test", "Foire", "18500601T100000Z"),
            vevent("long@test", "Concert", "20260607T180000Z", location="L" * 1000),
            vevent("nul\x00@test", "Nul\x00", "20260608T180000Z"),
            "END:VCALENDAR",
            "",
        ]
    ).encode()
    report = ical_sync.import_calendar(source, raw)
    titles = set(Event.objects.filter(source=source).values_list("title", flat=True))
    assert {"Marché", "Concert", "Nul"} <= titles  # a long place is cut to its column, a NUL byte dropped
    assert "Bal" not in titles and "Foire" not in titles
    skipped = " ".join(item["reason"] for item in report["skipped"])
    assert "between the years 1900 and 2100" in skipped
    source.refresh_from_db()
    assert source.last_report["created"] == report["created"]
    assert "\x00" not in str(source.last_report)
