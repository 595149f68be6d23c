"""iCal in: real-world files imported with the right report, updates by UID, deletions, a round trip with our own
export, and a fetcher that never reaches the server's own network."""

import ipaddress
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone

from parvis.agenda.ical import calendar_bytes
from parvis.agenda.ical_import import sync as ical_sync
from parvis.agenda.models import CalendarSource, Event, EventStatus
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.occurrences import occurrences
from parvis.spaces.models import Role
from parvis.spaces.services.memberships import membership_remove
from tests.factories import add_member
from tests.posts.test_previews import LocalServer  # the same instrumented local server as the previews' tests

FIXTURES = Path(__file__).parent / "fixtures"
PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def only_127_0_0_1(ip) -> bool:
    return ip == ipaddress.IPv4Address("127.0.0.1")


@pytest.fixture
def source(inhabitant, spaces):
    return CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def skipped_uids(report) -> dict:
    return {item["uid"]: item["reason"] for item in report["skipped"]}


def test_outlook_file_with_windows_time_zone_folded_lines_rrule_and_exdates(source):
    report = ical_sync.import_calendar(source, load("outlook_recurring.ics"))
    assert (report["created"], report["updated"], report["deleted"], report["skipped"]) == (1, 0, 0, [])
    event = Event.objects.get(source=source)
    assert event.title == "Permanence du conseiller numérique à la médiathèque du centre-ville de Beauvais"
    assert event.description == "Aide aux démarches en ligne, sans rendez-vous.\nApportez vos identifiants."
    assert event.time_zone == "Europe/Paris" and not event.all_day
    assert event.start == datetime(2030, 1, 7, 14, tzinfo=PARIS) and event.end == datetime(2030, 1, 7, 17, tzinfo=PARIS)
    assert event.rrule.startswith("FREQ=WEEKLY") and "UNTIL=20300325T" in event.rrule
    assert event.exdates == ["2030-02-11", "2030-02-18"]
    assert event.venue_name == "Médiathèque du centre-ville" and event.category == "training"
    found = occurrences(event, datetime(2030, 1, 1, tzinfo=PARIS), datetime(2030, 4, 1, tzinfo=PARIS))
    assert len(found) == 12 - 2  # every Monday from 7 January to 25 March, less the two exceptions
    # After the change to summer time the permanence is still at 14:00 local time.
    assert found[-1] == datetime(2030, 3, 25, 14, tzinfo=PARIS)
    assert event.source_id == source.pk and event.created_by == source.created_by


def test_latin1_floating_times_and_missing_dtend(source):
    report = ical_sync.import_calendar(source, load("latin1_floating.ics"))
    assert (report["created"], report["skipped"]) == (3, [])
    events = {event.uid: event for event in Event.objects.filter(source=source)}
    party = events["cms-101"]
    assert party.title == "Fête de la Saint-Jean à l'étang" and party.venue_name == "Étang communal"
    assert party.start == datetime(2030, 6, 21, 19, tzinfo=PARIS)  # floating time read as Paris time
    assert party.category == "party"
    assert events["cms-102"].end - events["cms-102"].start == timedelta(hours=1)  # no DTEND: one hour
    assert events["cms-103"].end - events["cms-103"].start == timedelta(hours=1, minutes=30)  # DURATION


def test_google_file_utc_all_day_cancelled_missing_summary_overrides_and_two_blocks(source, mailoutbox):
    report = ical_sync.import_calendar(source, load("google_mixed.ics"))
    assert report["created"] == 7  # six events, and the moved occurrence of the daily one
    skipped = skipped_uids(report)
    assert set(skipped) == {"nosummary@google.com"}
    assert "SUMMARY" in skipped["nosummary@google.com"]
    events = {event.uid: event for event in Event.objects.filter(source=source)}
    concert = events["utc-concert@google.com"]
    assert concert.start == datetime(2030, 7, 4, 16, tzinfo=UTC) and concert.time_zone == "Europe/Paris"
    assert (concert.latitude, concert.longitude) == (Decimal("49.431"), Decimal("2.0825"))
    assert concert.online_url == "https://amis-du-parc.example/concert"
    brocante = events["allday-brocante@google.com"]
    assert brocante.all_day and brocante.category == "market"
    assert brocante.start == datetime(2030, 7, 12, tzinfo=PARIS) and brocante.end == datetime(2030, 7, 14, tzinfo=PARIS)
    heritage = events["allday-nodtend@google.com"]
    assert heritage.end - heritage.start == timedelta(days=1)
    assert events["cancelled@google.com"].status == EventStatus.CANCELLED
    assert events["daily@google.com"].rrule == "FREQ=DAILY;COUNT=5"
    assert events["daily@google.com"].exdates == ["2030-07-09"]
    moved = events["daily@google.com#20300709T100000"]
    assert moved.title == "Gym douce (décalée)" and moved.start == datetime(2030, 7, 9, 15, tzinfo=PARIS)
    assert events["second-block-1"].title == "Forum des associations"
    source.refresh_from_db()
    assert source.last_report["created"] == 7 and source.last_run_at is not None


def test_reimport_does_not_duplicate_and_changes_update_and_removals_delete(source, inhabitant, spaces):
    first = ical_sync.import_calendar(source, load("google_mixed.ics"))
    again = ical_sync.import_calendar(source, load("google_mixed.ics"))
    assert again["created"] == 0 and again["updated"] == 0 and again["unchanged"] == first["created"]
    assert Event.objects.filter(source=source).count() == first["created"]
    sequence = Event.objects.get(uid="second-block-1").sequence
    # An event of another source, or typed by hand, is never touched by this source's import.
    start = timezone.now() + timedelta(days=3)
    by_hand = event_create(creator=inhabitant, space=spaces["public"], title="À la main", start=start, end=start)
    changed = (
        load("google_mixed.ics")
        .decode()
        .replace("SUMMARY:Forum des associations", "SUMMARY:Forum des associations (nouvelle salle)")
    )
    removed = changed.replace("UID:utc-concert@google.com", "UID:concert-renamed@google.com")
    report = ical_sync.import_calendar(source, removed.encode())
    assert report["updated"] == 1 and report["created"] == 1 and report["deleted"] == 1
    updated = Event.objects.get(uid="second-block-1")
    assert updated.title == "Forum des associations (nouvelle salle)" and updated.sequence == sequence + 1
    assert not Event.objects.filter(uid="utc-concert@google.com").exists()
    assert Event.objects.filter(pk=by_hand.pk).exists()
    # An empty calendar removes all of the source's events, and only them.
    empty = ical_sync.import_calendar(source, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert empty["deleted"] == first["created"] and not Event.objects.filter(source=source).exists()
    assert Event.objects.filter(pk=by_hand.pk).exists()


def test_crlf_and_lf_versions_of_a_file_give_the_same_events(source, inhabitant, spaces):
    crlf = load("outlook_recurring.ics")
    assert b"\r\n" in crlf
    ical_sync.import_calendar(source, crlf.replace(b"\r\n", b"\n"))
    event = Event.objects.get(source=source)
    report = ical_sync.import_calendar(source, crlf)
    assert report["unchanged"] == 1 and report["updated"] == 0
    assert Event.objects.get(source=source).pk == event.pk


def test_round_trip_export_then_import_keeps_every_shared_field(inhabitant, spaces, beauvais):
    start = datetime(2030, 3, 2, 10, tzinfo=PARIS)
    original = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Marché bio « du samedi »",
        description="Producteurs locaux ; paiement en espèces, carte\nou chèque",
        start=start,
        end=start + timedelta(hours=3),
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=10",
        exdates=["2030-03-16", "2030-04-06"],
        venue_name="Place des Halles",
        latitude=Decimal("49.430100"),
        longitude=Decimal("2.081200"),
        category="market",
        commune=beauvais,
    )
    day = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Fête des voisins",
        start=datetime(2030, 5, 30, tzinfo=PARIS),
        end=datetime(2030, 6, 1, tzinfo=PARIS),
        all_day=True,
        category="party",
    )
    cancelled = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Concert",
        start=datetime(2030, 7, 1, 20, tzinfo=PARIS),
        end=datetime(2030, 7, 1, 22, tzinfo=PARIS),
        category="culture",
    )
    cancelled = event_cancel(editor=inhabitant, event=cancelled, reason="Artiste malade")
    exported = calendar_bytes(Event.objects.filter(pk__in=[original.pk, day.pk, cancelled.pk]).for_list(), name="x")
    # Imported into another space (same UIDs already exist here: they are kept apart, not merged).
    target = CalendarSource.objects.create(space=spaces["members"], created_by=inhabitant)
    report = ical_sync.import_calendar(target, exported)
    assert report["created"] == 3 and report["skipped"] == []
    copies = {event.title: event for event in Event.objects.filter(source=target)}
    for before in (original, day, cancelled):
        before.refresh_from_db()
        after = copies[before.title]
        for field in ("description", "start", "end", "time_zone", "all_day", "exdates", "venue_name"):
            assert getattr(after, field) == getattr(before, field), (before.title, field)
        # The same rule, its parts possibly in another order.
        assert icalendar.vRecur.from_ical(after.rrule) == icalendar.vRecur.from_ical(before.rrule)
        for field in ("latitude", "longitude", "category", "status"):
            assert getattr(after, field) == getattr(before, field), (before.title, field)
        assert after.online_url.endswith(before.get_absolute_url())  # the URL is kept as the outside link
        assert after.uid.endswith(before.uid) and after.space == spaces["members"]
    # Importing the same export again changes nothing.
    report = ical_sync.import_calendar(target, exported)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)


def test_import_refused_when_the_creator_can_no_longer_post(source, inhabitant, neighbour, spaces):
    space = spaces["public"]
    membership = add_member(space, neighbour, Role.ADMIN)
    source.created_by = neighbour
    source.save()
    membership_remove(actor=inhabitant, space=space, membership=membership, reason="départ")
    report = ical_sync.import_calendar(source, load("latin1_floating.ics"))
    assert report["error"] and report["created"] == 0
    assert not Event.objects.filter(source=source).exists()


def test_six_megabyte_file_is_refused(source):
    padding = "DESCRIPTION:" + "x" * 70 + "\r\n"
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + padding * (6 * 1024 * 1024 // len(padding)) + "END:VCALENDAR\r\n"
    report = ical_sync.import_calendar(source, body.encode())
    assert "5 M" in report["error"] and report["created"] == 0


def test_not_a_calendar_is_refused_and_deletes_nothing(source):
    ical_sync.import_calendar(source, load("latin1_floating.ics"))
    report = ical_sync.import_calendar(source, b"<html><body>Erreur 500</body></html>")
    assert report["error"] and Event.objects.filter(source=source).count() == 3


# Fetching ------------------------------------------------------------------------------------------------


def _serve(body: bytes, content_type: str = "text/calendar; charset=utf-8"):
    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


@pytest.fixture
def serve():
    import threading

    servers = []

    def start(respond, host="127.0.0.1"):
        server = LocalServer(host, respond)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "localhost", "[::1]", "0x7f000001"])
def test_private_addresses_are_refused_without_any_request(serve, source, host):
    server = serve(_serve(load("latin1_floating.ics")))
    source.url = f"http://{host}:{server.port}/agenda.ics"
    source.save()
    report = ical_sync.sync_source(source)
    assert "address not allowed" in report["error"] or "cannot resolve" in report["error"]
    assert server.connections_so_far() == 0
    assert not Event.objects.filter(source=source).exists()


def test_a_calendar_url_is_fetched_and_imported(serve, source):
    server = serve(_serve(load("latin1_floating.ics"), "text/calendar"))
    source.url = server.url("/agenda.ics")
    source.save()
    report = ical_sync.sync_source(source, is_allowed_address=only_127_0_0_1)
    assert report["created"] == 3 and report["error"] == ""
    assert server.requests and server.requests[0][1].get("User-Agent", "").startswith("ParvisCalendarImport")


def test_a_six_megabyte_download_is_refused(serve, source):
    server = serve(_serve(b"BEGIN:VCALENDAR\r\n" + b"X" * (6 * 1024 * 1024)))
    source.url = server.url("/huge.ics")
    source.save()
    report = ical_sync.sync_source(source, is_allowed_address=only_127_0_0_1)
    assert "too large" in report["error"] and report["created"] == 0


def test_an_html_page_is_not_taken_for_a_calendar(serve, source):
    server = serve(_serve(b"<html></html>", "text/html"))
    source.url = server.url("/")
    source.save()
    report = ical_sync.sync_source(source, is_allowed_address=only_127_0_0_1)
    assert report["error"] and report["created"] == 0


# The page and the command ----------------------------------------------------------------------------------


def test_space_admins_upload_a_file_and_see_the_report(client, inhabitant, neighbour, spaces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/agenda/espaces/{spaces['public'].slug}/calendriers/"
    client.force_login(neighbour)
    assert client.get(url).status_code == 403
    client.force_login(inhabitant)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("agenda.ics", load("google_mixed.ics"), content_type="text/calendar")
    response = client.post(url, {"upload": upload})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "7 created" in page or "7 créé" in page
    assert "nosummary@google.com" in page
    assert Event.objects.filter(space=spaces["public"], source__isnull=False).count() == 7


def test_adding_a_private_url_is_refused_on_the_page(client, inhabitant, spaces, django_capture_on_commit_callbacks):
    client.force_login(inhabitant)
    url = f"/agenda/espaces/{spaces['public'].slug}/calendriers/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"url": "http://127.0.0.1:8000/agenda.ics"})
    # The source is saved, the import refused with a reason the organisation reads.
    assert response.status_code == 302
    source = CalendarSource.objects.get(space=spaces["public"])
    assert "address not allowed" in source.last_report["error"]
    response = client.post(url, {"url": "ftp://example.org/agenda.ics"})
    assert response.status_code == 200 and CalendarSource.objects.count() == 1


def test_command_imports_every_url_source(serve, source, monkeypatch):
    server = serve(_serve(load("outlook_recurring.ics")))
    source.url = server.url("/agenda.ics")
    source.save()
    original = ical_sync.fetch
    monkeypatch.setattr(ical_sync, "fetch", lambda url, **kwargs: original(url, is_allowed_address=only_127_0_0_1))
    call_command("agenda_sync")
    call_command("agenda_sync")
    assert Event.objects.filter(source=source).count() == 1
    source.refresh_from_db()
    assert source.last_report["unchanged"] == 1


def test_all_day_export_of_a_single_day(inhabitant, spaces):
    """A one-day all-day event stored with an end inside its day still exports as one whole day."""
    start = datetime(2030, 9, 1, tzinfo=PARIS)
    event = event_create(
        creator=inhabitant, space=spaces["public"], title="Journée", start=start, end=start, all_day=True
    )
    from parvis.agenda.ical import all_day_dates

    assert all_day_dates(event) == (date(2030, 9, 1), date(2030, 9, 2))
