"""An event's title and venue, from the form, the API or an imported calendar, are stored without bidirectional
overrides or zero-width characters."""

from datetime import timedelta

from django.utils import timezone

from parvis.accounts.services import api_token_create
from parvis.agenda.ical_import import sync as ical_sync
from parvis.agenda.models import CalendarSource, Event


def test_the_event_form_removes_invisible_characters(signed_in, spaces):
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        {
            "title": "Cho\u200brale\u202e",
            "venue_name": "\u2066Salle\u2069 des fêtes",
            "start": start,
            "category": "culture",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title, event.venue_name) == ("Chorale", "Salle des fêtes")


def test_the_api_removes_invisible_characters(client, inhabitant, spaces):
    _token, raw = api_token_create(user=inhabitant, name="agenda", scope="write")
    response = client.post(
        "/api/v1/agenda/events",
        {
            "space": spaces["public"].slug,
            "title": "\ufeffLoto\u200d du club\u200e",
            "venue_name": "Gymnase\u202d",
            "start": (timezone.now() + timedelta(days=3)).isoformat(),
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert (event.title, event.venue_name) == ("Loto du club", "Gymnase")


def test_an_imported_calendar_loses_invisible_characters(inhabitant, spaces):
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    start = (timezone.now() + timedelta(days=4)).strftime("%Y%m%dT%H%M%SZ")
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\nBEGIN:VEVENT\r\nUID:bidi-1@example.org\r\n"
        f"DTSTAMP:{start}\r\nDTSTART:{start}\r\nSUMMARY:Brocante\u202e\u200b de printemps\r\n"
        "LOCATION:Place\u2067 Jeanne-Hachette\u2069\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ical_sync.import_calendar(source, calendar.encode())
    event = Event.objects.get(source=source)
    assert (event.title, event.venue_name) == ("Brocante de printemps", "Place Jeanne-Hachette")
