"""Calendar files as people's tools really write them (Google Calendar, Outlook, Thunderbird): imported again
without duplicates whatever brought an event first, moved occurrences kept as moved, files cut short or with an
unreadable line imported as far as they can be, refused files said to be refused, all-day events on their days."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.agenda import ical_import
from parvis.agenda.models import CalendarSource, Event

FIXTURES = Path(__file__).parent / "fixtures"
PARIS = ZoneInfo("Europe/Paris")


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload_url(space) -> str:
    return f"/agenda/espaces/{space.slug}/calendriers/"


def upload(client, space, content: bytes, name: str = "agenda.ics"):
    return client.post(
        upload_url(space), {"upload": SimpleUploadedFile(name, content, content_type="text/calendar")}, follow=True
    )


def cells(page: str) -> dict[str, str]:
    """The month table's cells by date (YYYY-MM-DD)."""
    return dict(re.findall(r'<td data-date="([\d-]+)"(.*?)</td>', page, re.S))


# All-day events over several days, excluded dates ----------------------------------------------------------


def test_a_two_day_all_day_event_shows_on_two_days_and_says_its_last_day(client, inhabitant, spaces):
    client.force_login(inhabitant)
    upload(client, spaces["public"], load("google_weekend.ics"))
    market = Event.objects.get(title="Marché de Noël du quartier")
    assert market.all_day
    client.logout()
    days = cells(client.get("/agenda/mois/2026/12/").content.decode())
    showing = sorted(day for day, cell in days.items() if "Marché de Noël du quartier" in cell)
    assert showing == ["2026-12-05", "2026-12-06"]
    page = client.get(market.get_absolute_url()).content.decode()
    assert "samedi 5 décembre 2026" in page and "dimanche 6 décembre 2026" in page
    assert "7 décembre" not in page


def test_an_event_ending_at_midnight_does_not_take_the_next_day(client, inhabitant, spaces):
    from parvis.agenda.services import event_create

    event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Réveillon de la Saint-Sylvestre",
        start=datetime(2026, 12, 31, 20, tzinfo=PARIS),
        end=datetime(2027, 1, 1, 0, tzinfo=PARIS),
    )
    december = cells(client.get("/agenda/mois/2026/12/").content.decode())
    assert [day for day, cell in december.items() if "Réveillon" in cell] == ["2026-12-31"]
    january = cells(client.get("/agenda/mois/2027/1/").content.decode())
    assert [day for day, cell in january.items() if "Réveillon" in cell] == []


def test_the_api_gives_the_excluded_dates_of_a_repeating_event(client, inhabitant, spaces):
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    ical_import.import_calendar(source, load("google_weekend.ics"))
    choir = Event.objects.get(title="Répétition de la chorale")
    body = client.get(f"/api/v1/agenda/events/{choir.pk}").json()
    assert body["rrule"].startswith("FREQ=WEEKLY")
    assert body["exdates"] == ["2026-12-23", "2026-12-30"]
    listed = client.get("/api/v1/agenda/events", {"start": "2026-12-01T00:00:00+01:00"}).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert next(item for item in items if item["id"] == choir.pk)["exdates"] == ["2026-12-23", "2026-12-30"]
    market = next(item for item in items if item["title"] == "Marché de Noël du quartier")
    assert market["exdates"] == []
