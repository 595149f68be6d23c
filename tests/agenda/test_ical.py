"""iCal and Atom out: valid for two independent parsers, complete, and never carrying a private event."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.utils import timezone

from parvis.agenda.ical import calendar_bytes
from parvis.agenda.models import CalendarToken, Event
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.rsvps import rsvp_set
from parvis.agenda.services.submissions import agenda_submit
from parvis.spaces.models import Membership
from parvis.spaces.services.memberships import membership_approve, space_join, space_leave

PARIS = ZoneInfo("Europe/Paris")


def next_saturday(hour=10) -> datetime:
    today = timezone.localdate()
    day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


@pytest.fixture
def events(inhabitant, spaces, beauvais):
    start = next_saturday()
    weekly = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Marché du samedi",
        description="Fruits, légumes\net fromages ; « bio » compris",
        start=start,
        end=start + timedelta(hours=3),
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=10",
        exdates=[(start + timedelta(days=14)).date().isoformat()],
        venue_name="Place Jeanne-Hachette",
        address="60000 Beauvais",
        commune=beauvais,
        latitude=Decimal("49.430000"),
        longitude=Decimal("2.080000"),
        category="market",
    )
    day = start.date() + timedelta(days=30)
    fair = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Fête de la ville",
        start=datetime(day.year, day.month, day.day, tzinfo=PARIS),
        end=datetime(day.year, day.month, day.day, tzinfo=PARIS) + timedelta(days=2),
        all_day=True,
        commune=beauvais,
        category="party",
    )
    private = event_create(
        creator=inhabitant,
        space=spaces["members"],
        title="Réunion des membres",
        start=start + timedelta(days=2),
        end=start + timedelta(days=2, hours=2),
        commune=beauvais,
        category="market",
    )
    secret = event_create(
        creator=inhabitant,
        space=spaces["secret"],
        title="Conciliabule secret",
        start=start + timedelta(days=3),
        end=start + timedelta(days=3, hours=2),
        commune=beauvais,
        category="market",
    )
    return {"weekly": weekly, "fair": fair, "private": private, "secret": secret}


def parse_both(body: bytes):
    first = icalendar.Calendar.from_ical(body)
    second = vobject.readOne(body.decode("utf-8"))
    return first, second


def by_summary_icalendar(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def by_summary_vobject(calendar):
    return {event.summary.value: event for event in calendar.vevent_list}


def test_territory_feed_is_valid_for_two_parsers_that_agree(client, events, beauvais):
    response = client.get(f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    first, second = parse_both(response.content)
    ours, theirs = by_summary_icalendar(first), by_summary_vobject(second)
    assert set(ours) == set(theirs) == {"Marché du samedi", "Fête de la ville"}
    for summary in ours:
        assert ours[summary].decoded("DTSTART") == theirs[summary].dtstart.value
        assert ours[summary].decoded("DTEND") == theirs[summary].dtend.value
    weekly_a, weekly_b = ours["Marché du samedi"], theirs["Marché du samedi"]
    assert weekly_a["RRULE"].to_ical().decode() == weekly_b.rrule.value == "FREQ=WEEKLY;COUNT=10;BYDAY=SA"
    # Both expand the rule the same way, the excluded Saturday removed, and at 10:00 Paris time across DST.
    expanded = list(weekly_b.getrruleset())
    assert len(expanded) == 9
    assert all(value.astimezone(PARIS).hour == 10 for value in expanded)
    assert events["weekly"].start + timedelta(days=14) not in expanded


def test_feed_carries_every_field(client, events, beauvais):
    body = client.get(f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics").content
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    event = by_summary_icalendar(calendar)["Marché du samedi"]
    weekly = events["weekly"]
    assert str(event["UID"]) == weekly.uid
    assert event["DTSTAMP"] and event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == weekly.start
    assert [value.date() for value in event.exdates] == [weekly.start.date() + timedelta(days=14)]
    assert str(event["LOCATION"]) == "Place Jeanne-Hachette, 60000 Beauvais"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (49.43, 2.08)
    assert [str(c) for c in event.categories] == [str(weekly.get_category_display())]
    assert str(event["DESCRIPTION"]) == weekly.description
    assert str(event["URL"]).endswith(f"/agenda/evenements/{weekly.pk}/")
    assert str(event["STATUS"]) == "CONFIRMED"
    fair = by_summary_icalendar(calendar)["Fête de la ville"]
    assert fair["DTSTART"].params.get("VALUE") == "DATE" or isinstance(fair.decoded("DTSTART"), date)
    assert not isinstance(fair.decoded("DTSTART"), datetime)
    assert fair.decoded("DTEND") - fair.decoded("DTSTART") == timedelta(days=2)


def test_cancelled_event_goes_out_as_cancelled_with_a_new_sequence(client, events, inhabitant):
    event_cancel(editor=inhabitant, event=events["fair"], reason="Pluie")
    body = client.get(f"/agenda/evenements/{events['fair'].pk}/evenement.ics").content
    component = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(component["STATUS"]) == "CANCELLED" and component["SEQUENCE"] == 1


def test_private_events_never_appear_in_public_feeds_widget_or_open_data(client, events, spaces, beauvais):
    urls = [
        f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        f"/agenda/territoire/departement/{beauvais.parent.slug}/agenda.ics",
        "/agenda/agenda.ics",
        "/agenda/agenda.ics?categorie=market",
        f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics?categorie=market",
        f"/agenda/espaces/{spaces['public'].slug}/agenda.ics?categorie=market",
        f"/agenda/territoire/commune/{beauvais.slug}/atom/",
        "/agenda/atom/?categorie=market",
        f"/agenda/espaces/{spaces['public'].slug}/atom/",
        f"/agenda/widget/commune/{beauvais.slug}/",
        f"/agenda/widget/commune/{beauvais.slug}/?categorie=market",
        "/agenda/opendata/events.json",
        "/agenda/opendata/events.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8")
        assert "Marché du samedi" in text, url
        assert "Réunion des membres" not in text and "Conciliabule" not in text, url
        assert events["private"].uid not in text and events["secret"].uid not in text, url
    # The private spaces have no public feed at all, even for their own members.
    client.force_login(spaces["members"].memberships.first().user)
    for space in (spaces["members"], spaces["secret"]):
        assert client.get(f"/agenda/espaces/{space.slug}/agenda.ics").status_code == 404
        assert client.get(f"/agenda/espaces/{space.slug}/atom/").status_code == 404


def test_category_filter(client, events, beauvais):
    body = client.get(f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics?categorie=party").content
    assert set(by_summary_icalendar(icalendar.Calendar.from_ical(body))) == {"Fête de la ville"}
    assert client.get("/agenda/agenda.ics?categorie=nope").status_code == 404


def test_territory_feed_includes_events_accepted_in_its_common_agenda(client, inhabitant, spaces, compiegne):
    from parvis.agenda.models import AgendaSubmission, SubmissionStatus

    start = next_saturday()
    event = event_create(
        creator=inhabitant, space=spaces["public"], title="Salon régional", start=start, end=start, commune=compiegne
    )
    departement = compiegne.parent
    body = client.get(f"/agenda/territoire/departement/{departement.slug}/agenda.ics").content
    assert "Salon régional" in body.decode()
    other = client.get("/agenda/territoire/commune/rennes-35238/agenda.ics")
    assert other.status_code == 200 and "Salon régional" not in other.content.decode()
    submission = agenda_submit(user=inhabitant, event=event, territory=compiegne)
    AgendaSubmission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    from parvis.territories.models import Territory

    rennes = Territory.objects.get(level="commune", code="35238")
    AgendaSubmission.objects.create(event=event, territory=rennes, status=SubmissionStatus.ACCEPTED)
    assert "Salon régional" in client.get(f"/agenda/territoire/commune/{rennes.slug}/agenda.ics").content.decode()


def test_single_event_file_follows_the_visibility_rule(client, events, spaces, outsider, inhabitant):
    response = client.get(f"/agenda/evenements/{events['weekly'].pk}/evenement.ics")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.get(f"/agenda/evenements/{events['private'].pk}/evenement.ics").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/agenda/evenements/{events['private'].pk}/evenement.ics").status_code == 404
    client.force_login(inhabitant)
    response = client.get(f"/agenda/evenements/{events['private'].pk}/evenement.ics")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_personal_feed_follows_answers_and_membership(client, events, spaces, neighbour, inhabitant):
    members = spaces["members"]
    membership = space_join(space=members, user=neighbour)
    membership_approve(actor=inhabitant, space=members, membership=membership)
    rsvp_set(user=neighbour, event=events["private"], status="going")
    rsvp_set(user=neighbour, event=events["weekly"], status="interested")
    rsvp_set(user=neighbour, event=events["fair"], status="not_going")
    client.force_login(neighbour)
    assert client.get("/agenda/mon-calendrier/").status_code == 200
    client.post("/agenda/mon-calendrier/", {"action": "create"})
    token = CalendarToken.objects.get(user=neighbour, revoked_at=None)
    page = client.get("/agenda/mon-calendrier/").content.decode()
    assert token.token in page
    client.logout()
    url = f"/agenda/calendrier/{token.token}.ics"
    response = client.get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert set(by_summary_icalendar(icalendar.Calendar.from_ical(response.content))) == {
        "Marché du samedi",
        "Réunion des membres",
    }
    space_leave(space=members, user=neighbour)
    assert not Membership.objects.filter(space=members, user=neighbour, status="active").exists()
    body = client.get(url).content.decode()
    assert "Réunion des membres" not in body and "Marché du samedi" in body


def test_revoked_or_replaced_token_is_404(client, neighbour):
    client.force_login(neighbour)
    client.post("/agenda/mon-calendrier/", {"action": "create"})
    first = CalendarToken.objects.get(user=neighbour, revoked_at=None).token
    client.post("/agenda/mon-calendrier/", {"action": "create"})
    second = CalendarToken.objects.get(user=neighbour, revoked_at=None).token
    assert client.get(f"/agenda/calendrier/{first}.ics").status_code == 404
    assert client.get(f"/agenda/calendrier/{second}.ics").status_code == 200
    client.post("/agenda/mon-calendrier/", {"action": "revoke"})
    assert client.get(f"/agenda/calendrier/{second}.ics").status_code == 404
    assert client.get("/agenda/calendrier/nimporte-quoi.ics").status_code == 404


def test_atom_feed_parses_and_lists_upcoming_public_events(client, events, beauvais):
    response = client.get(f"/agenda/territoire/commune/{beauvais.slug}/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in root]
    assert any(title and title.startswith("Marché du samedi") for title in titles)


def test_pages_advertise_their_feeds(client, events, spaces, beauvais):
    pages = {
        "/agenda/": "/agenda/agenda.ics",
        f"/agenda/?commune={beauvais.slug}": f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        f"/agenda/territoire/commune/{beauvais.slug}/": f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        f"/agenda/evenements/{events['weekly'].pk}/": f"/agenda/evenements/{events['weekly'].pk}/evenement.ics",
        f"/espaces/{spaces['public'].slug}/": f"/agenda/espaces/{spaces['public'].slug}/agenda.ics",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="text/calendar"' in html, page
        assert f'href="{feed}"' in html, page
    assert 'type="application/atom+xml"' in client.get(f"/agenda/territoire/commune/{beauvais.slug}/").content.decode()


def test_widget_is_framable_accessible_and_its_script_inserts_it(client, events, beauvais):
    response = client.get(f"/agenda/widget/commune/{beauvais.slug}/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert '<html lang="' in html and "<title>" in html and "<main>" in html and "<h1>" in html
    assert "Marché du samedi" in html and "site-header" not in html
    # Other pages stay unframable.
    assert client.get("/agenda/")["X-Frame-Options"] == "DENY"
    script = client.get("/agenda/widget.js")
    assert script["Content-Type"].startswith("text/javascript")
    body = script.content.decode()
    assert "data-territoire" in body and "/agenda/widget/" in body and "iframe" in body
    assert client.get("/agenda/widget/commune/nulle-part/").status_code == 404


def test_serialiser_handles_an_endless_rule_and_datetime_exdates(inhabitant, spaces):
    start = next_saturday(hour=18)
    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Yoga",
        start=start,
        end=start + timedelta(hours=1),
        rrule="FREQ=DAILY",
        exdates=[(start + timedelta(days=1)).isoformat(), "pas une date"],
    )
    body = calendar_bytes(Event.objects.filter(pk=event.pk), name="Test")
    component = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert component.exdates == [start + timedelta(days=1)]
    assert vobject.readOne(body.decode()).vevent.rrule.value == "FREQ=DAILY"


def test_feeds_cost_a_bounded_number_of_queries(client, inhabitant, spaces, beauvais, django_assert_max_num_queries):
    start = next_saturday()
    for index in range(30):
        event_create(
            creator=inhabitant,
            space=spaces["public"],
            title=f"Atelier {index}",
            start=start + timedelta(days=index),
            end=start + timedelta(days=index, hours=1),
            commune=beauvais,
            rrule="FREQ=WEEKLY;COUNT=3" if index % 2 else "",
        )
    for url in (
        f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        f"/agenda/territoire/commune/{beauvais.slug}/atom/",
        f"/agenda/widget/commune/{beauvais.slug}/",
        f"/agenda/espaces/{spaces['public'].slug}/agenda.ics",
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
