"""Calendar files as people's tools really write them (Google Calendar, Outlook, Thunderbird): imported again
without duplicates whatever brought an event first, moved occurrences kept as moved, files cut short or with an
unreadable line imported as far as they can be, refused files said to be refused, all-day events on their days."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from parvis.agenda.ical_import import sync as ical_sync
from parvis.agenda.models import CalendarSource, Event
from parvis.agenda.services.occurrences import occurrences
from tests.agenda.test_ical_import import _serve, only_127_0_0_1
from tests.posts.test_previews import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"
PARIS = ZoneInfo("Europe/Paris")


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def calendar_server():
    """A local web server answering with `server.respond` (the previews' instrumented server)."""
    import threading

    servers = []

    def start(respond):
        server = LocalServer("127.0.0.1", respond)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


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
    from parvis.agenda.services.events import event_create

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
    ical_sync.import_calendar(source, load("google_weekend.ics"))
    choir = Event.objects.get(title="Répétition de la chorale")
    body = client.get(f"/api/v1/agenda/events/{choir.pk}").json()
    assert body["rrule"].startswith("FREQ=WEEKLY")
    assert body["exdates"] == ["2026-12-23", "2026-12-30"]
    listed = client.get("/api/v1/agenda/events", {"start": "2026-12-01T00:00:00+01:00"}).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert next(item for item in items if item["id"] == choir.pk)["exdates"] == ["2026-12-23", "2026-12-30"]
    market = next(item for item in items if item["title"] == "Marché de Noël du quartier")
    assert market["exdates"] == []


# Files cut short, unreadable lines, refused files -----------------------------------------------------------

WHOLE_TITLES = {
    "Assemblée générale de l'association",
    "Bourse aux vêtements d'hiver",
    "Permanence juridique gratuite",
    "Atelier couture et réparation",
    "Loto de l'école Jules-Ferry",
}


def test_a_file_cut_short_with_unreadable_lines_keeps_every_good_event_and_says_why_in_french(
    client, inhabitant, spaces
):
    client.force_login(inhabitant)
    response = upload(client, spaces["public"], load("thunderbird_cut_short.ics"))
    imported = set(Event.objects.filter(space=spaces["public"]).values_list("title", flat=True))
    assert imported == {"Assemblée générale de l'association", "Atelier couture et réparation"}
    report = CalendarSource.objects.get(space=spaces["public"]).last_report
    assert report["error"] == "" and report["created"] == 2
    reasons = {item["uid"]: (item["line"], item["reason"]) for item in report["skipped"]}
    assert reasons["0d8e2b71-5c4f-4a3e-8b19-7e6f5a4d3c22"] == (45, "ligne illisible : « le dimanche matin. »")
    assert reasons["a4c3b2e1-9f8d-4e7c-a6b5-2d1c0e9f8a23"] == (
        54,
        "la valeur de DTSTART est illisible : « 17/10/2030 14h00 »",
    )
    line, reason = reasons["9a8b7c6d-5e4f-4321-9abc-def012345625"]
    assert line == 75 and reason == "le fichier s'arrête au milieu de cet événement (pas de END:VEVENT)"
    page = response.content.decode()
    assert "Bourse aux vêtements d&#x27;hiver" in page and "ligne 45" in page and "ligne illisible" in page
    assert "le fichier s&#x27;arrête au milieu de cet événement" in page
    assert "Le fichier est incomplet" in page


def test_a_calendar_cut_short_deletes_nothing_and_keeps_what_it_cannot_read(inhabitant, spaces):
    source = CalendarSource.objects.create(
        space=spaces["public"], created_by=inhabitant, url="https://asso.example/agenda.ics"
    )
    first = ical_sync.import_calendar(source, load("thunderbird_association.ics"))
    assert (first["created"], first["skipped"]) == (5, [])
    before = {event.uid: event.start for event in Event.objects.filter(source=source)}
    # The next download stops in the middle: the events after the cut, and those it cannot read, are not removed.
    report = ical_sync.import_calendar(source, load("thunderbird_cut_short.ics"))
    assert report["deleted"] == 0 and report["unchanged"] == 2 and len(report["skipped"]) == 3
    assert set(Event.objects.filter(source=source).values_list("title", flat=True)) == WHOLE_TITLES
    assert {event.uid: event.start for event in Event.objects.filter(source=source)} == before
    # The whole file again: still the same five events, once each.
    again = ical_sync.import_calendar(source, load("thunderbird_association.ics"))
    assert (again["created"], again["deleted"], again["unchanged"]) == (0, 0, 5)


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body>Erreur 404</body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nBEGIN:VEV",
    ],
    ids=["html", "image", "cut-before-any-event"],
)
def test_a_refused_file_never_shows_the_success_message(client, inhabitant, spaces, content):
    client.force_login(inhabitant)
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    ical_sync.import_calendar(source, load("google_weekend.ics"))
    response = upload(client, spaces["public"], content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fichier importé" not in page and "File imported" not in page
    assert "Le fichier n&#x27;a pas été importé" in page
    # Nothing already saved is lost, and the refused file leaves no empty entry behind.
    assert Event.objects.filter(space=spaces["public"]).count() == 2
    assert CalendarSource.objects.filter(space=spaces["public"]).count() == 1


# The same calendar again, whatever brought it first --------------------------------------------------------

NEW_EVENT = (
    "BEGIN:VEVENT\r\nCREATED:20261020T080000Z\r\nDTSTAMP:20261020T080000Z\r\n"
    "UID:3c2b1a09-8f7e-4d6c-b5a4-93827160f526\r\nSUMMARY:Vide-grenier d'automne\r\n"
    "DTSTART;TZID=Europe/Paris:20301018T080000\r\nDTEND;TZID=Europe/Paris:20301018T180000\r\n"
    "LOCATION:Parking du stade\r\nX-MOZ-GENERATION:1\r\nEND:VEVENT\r\n"
)


def second_version() -> bytes:
    """The association's calendar a week later: the legal advice moved to 15:00 and renamed, a new event."""
    text = load("thunderbird_association.ics").decode()
    text = text.replace("SUMMARY:Permanence juridique gratuite", "SUMMARY:Permanence juridique (nouvel horaire)")
    text = text.replace("Paris:20301017T140000", "Paris:20301017T150000").replace(
        "Paris:20301017T170000", "Paris:20301017T180000"
    )
    return text.replace("END:VCALENDAR", NEW_EVENT + "END:VCALENDAR").encode()


def ids_by_uid(space) -> dict[str, int]:
    return dict(Event.objects.filter(space=space).values_list("uid", "pk"))


def test_the_same_file_uploaded_twice_then_its_new_version_updates_events_by_uid(client, inhabitant, spaces):
    space = spaces["public"]
    client.force_login(inhabitant)
    upload(client, space, load("thunderbird_association.ics"))
    first = ids_by_uid(space)
    assert len(first) == 5
    page = upload(client, space, load("thunderbird_association.ics")).content.decode()
    assert "Fichier importé" in page and "0 créé" in page and "5 inchangé" in page
    assert ids_by_uid(space) == first
    upload(client, space, second_version())
    now = ids_by_uid(space)
    assert len(now) == 6 and {uid: now[uid] for uid in first} == first
    moved = Event.objects.get(pk=first["a4c3b2e1-9f8d-4e7c-a6b5-2d1c0e9f8a23"])
    assert moved.title == "Permanence juridique (nouvel horaire)"
    assert moved.start == datetime(2030, 10, 17, 15, tzinfo=PARIS) and moved.sequence == 1
    assert Event.objects.filter(space=space, title="Vide-grenier d'automne").count() == 1


def test_a_town_hall_file_without_uids_uploaded_twice_is_imported_once(client, inhabitant, spaces):
    space = spaces["public"]
    client.force_login(inhabitant)
    upload(client, space, load("cms_without_uid.ics"))
    first = ids_by_uid(space)
    assert len(first) == 2
    page = upload(client, space, load("cms_without_uid.ics")).content.decode()
    assert "0 créé" in page and "2 inchangé" in page and ids_by_uid(space) == first
    # Events imported before UIDs were made up per space (named after their source) are found again too.
    source = CalendarSource.objects.filter(space=space).order_by("pk").first()
    for uid, pk in first.items():
        Event.objects.filter(pk=pk).update(uid=uid.replace(f"@space-{space.pk}", f"@source-{source.pk}"))
    report = ical_sync.import_calendar(source, load("cms_without_uid.ics"))
    assert (report["created"], report["unchanged"], report["deleted"]) == (0, 2, 0)
    assert sorted(ids_by_uid(space).values()) == sorted(first.values())


def test_a_file_and_a_subscribed_address_of_the_same_calendar_share_their_events(
    client,
    inhabitant,
    spaces,
    calendar_server,
    monkeypatch,
):
    space = spaces["public"]
    client.force_login(inhabitant)
    # First the file, then the address of the same calendar, synchronised by the nightly command.
    upload(client, space, load("thunderbird_association.ics"))
    first = ids_by_uid(space)
    server = calendar_server(_serve(second_version()))
    original = ical_sync.fetch
    monkeypatch.setattr(ical_sync, "fetch", lambda url, **kwargs: original(url, is_allowed_address=only_127_0_0_1))
    subscribed = CalendarSource.objects.create(space=space, created_by=inhabitant, url=server.url("/asso.ics"))
    call_command("agenda_sync")
    subscribed.refresh_from_db()
    assert (subscribed.last_report["created"], subscribed.last_report["updated"]) == (1, 1)
    now = ids_by_uid(space)
    assert len(now) == 6 and {uid: now[uid] for uid in first} == first
    # The subscription now holds them: an event removed from the calendar is removed here at the next sync.
    assert Event.objects.filter(source=subscribed).count() == 6
    server.respond = _serve(load("thunderbird_association.ics"))
    call_command("agenda_sync")
    assert not Event.objects.filter(space=space, title="Vide-grenier d'automne").exists()
    # And a file uploaded after the subscription updates the same events.
    upload(client, space, second_version())
    assert len(ids_by_uid(space)) == 6 and Event.objects.filter(source=subscribed).count() == 5


def test_an_event_sent_through_the_api_then_found_in_an_uploaded_file_is_updated_not_copied(client, inhabitant, spaces):
    from parvis.accounts.services import api_token_create

    space = spaces["public"]
    _token, raw = api_token_create(user=inhabitant, name="site de l'association", scope="write")
    payload = {
        "space": space.slug,
        "title": "Concert de la chorale",
        "start": "2030-12-12T20:00:00+01:00",
        "end": "2030-12-12T22:00:00+01:00",
        "venue_name": "Église Saint-Étienne",
        "address": "Rue de l'Abbé-Gellée, Beauvais",
    }
    response = client.post(
        "/api/v1/agenda/events", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 201, response.content
    created = Event.objects.get(pk=response.json()["id"])
    # The organisation subscribed to its Parvis calendar in its own tool, changed the time there, and uploads the
    # tool's export back.
    exported = client.get(f"/agenda/evenements/{created.pk}/evenement.ics").content.decode()
    assert f"UID:{created.uid}" in exported
    changed = exported.replace("T200000", "T203000")
    client.force_login(inhabitant)
    page = upload(client, space, changed.encode()).content.decode()
    assert "0 créé" in page and "1 mis à jour" in page
    assert Event.objects.filter(space=space).count() == 1
    created.refresh_from_db()
    assert created.start == datetime(2030, 12, 12, 20, 30, tzinfo=PARIS)
    assert created.venue_name == "Église Saint-Étienne" and created.address == "Rue de l'Abbé-Gellée, Beauvais"
    assert created.online_url == "" and created.source is None


# Changed occurrences of a repeating event (RECURRENCE-ID) --------------------------------------------------


def test_an_outlook_occurrence_moved_keeps_its_own_time_title_and_place(client, inhabitant, spaces):
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    report = ical_sync.import_calendar(source, load("outlook_series_moved.ics"))
    assert (report["created"], report["skipped"]) == (2, [])
    series = Event.objects.get(title="Heure du conte")
    moved = Event.objects.get(title="Heure du conte – spécial carnaval")
    assert moved.start == datetime(2030, 1, 23, 14, 30, tzinfo=PARIS)
    assert moved.end == datetime(2030, 1, 23, 16, tzinfo=PARIS)
    assert moved.venue_name == "Salle d'animation de la médiathèque du Saint-Jean" and not moved.rrule
    assert series.exdates == ["2030-01-23", "2030-02-13"]
    starts = occurrences(series, datetime(2030, 1, 1, tzinfo=PARIS), datetime(2030, 3, 1, tzinfo=PARIS))
    assert datetime(2030, 1, 23, 10, 30, tzinfo=PARIS) not in starts and len(starts) == 8 - 2
    # On the month page, the 23rd shows the story time of the carnival at 14:30, not the usual one at 10:30.
    january = cells(client.get("/agenda/mois/2030/1/").content.decode())
    assert "spécial carnaval" in january["2030-01-23"] and "14:30" in january["2030-01-23"]
    assert "10:30" not in january["2030-01-23"] and "10:30" in january["2030-01-16"]
    # Imported again: the same two events.
    again = ical_sync.import_calendar(source, load("outlook_series_moved.ics"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_a_google_series_with_a_moved_and_a_cancelled_occurrence(inhabitant, spaces):
    source = CalendarSource.objects.create(
        space=spaces["public"], created_by=inhabitant, url="https://calendar.google.com/yoga/basic.ics"
    )
    report = ical_sync.import_calendar(source, load("google_series_moved.ics"))
    assert (report["created"], report["skipped"]) == (2, [])
    series = Event.objects.get(source=source, title="Yoga au parc")
    moved = Event.objects.get(source=source, title="Yoga au parc (décalé au vendredi)")
    assert moved.start == datetime(2030, 6, 7, 19, tzinfo=PARIS)
    assert moved.venue_name == "Gymnase Robert-Porte (s'il pleut)"
    assert moved.description == "Apportez votre tapis."  # not repeated by the occurrence: the series'
    assert series.exdates == ["2030-06-05", "2030-06-19"]
    starts = occurrences(series, datetime(2030, 5, 1, tzinfo=PARIS), datetime(2030, 7, 1, tzinfo=PARIS))
    assert [start.day for start in starts] == [22, 29, 12, 26]
    # The change is undone in the calendar: the occurrence goes back into the series, its own event goes.
    undone = load("google_series_moved.ics").decode()
    undone = undone[: undone.index("BEGIN:VEVENT")] + undone[undone.index("END:VEVENT") + len("END:VEVENT\r\n") :]
    report = ical_sync.import_calendar(source, undone.encode())
    assert (report["deleted"], report["updated"]) == (1, 1)
    series.refresh_from_db()
    assert series.exdates == ["2030-06-19"] and not Event.objects.filter(pk=moved.pk).exists()


def test_an_unreadable_line_between_events_is_left_out_and_said(inhabitant, spaces):
    text = load("google_weekend.ics").decode()
    # A line pasted between two events, and a Unicode line separator inside a description (copied from a web page).
    text = text.replace("END:VEVENT\r\nBEGIN:VEVENT", "END:VEVENT\r\nà reporter en janvier\r\nBEGIN:VEVENT", 1)
    text = text.replace("Ouverte à toutes les voix.", "Ouverte à toutes les voix.\u2028")
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    report = ical_sync.import_calendar(source, text.encode())
    assert (report["created"], report["skipped"], report["error"]) == (2, [], "")
    assert report["notes"] == ["La ligne 42 est illisible et a été laissée de côté : « à reporter en janvier »."]
    choir = Event.objects.get(source=source, title="Répétition de la chorale")
    assert choir.description.startswith("Ouverte à toutes les voix.\u2028 Pas de répétition")
