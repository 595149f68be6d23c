"""The table of occurrences: it follows every change of an event, the month, the list, a territory's agenda and the
events API read it with the visibility rule of events, in a fixed number of queries, and the daily horizon command
may run twice."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from parvis.agenda.ical_import import sync as ical_sync
from parvis.agenda.models import CalendarSource, Event, EventStatus, Occurrence
from parvis.agenda.services.events import event_cancel, event_update
from parvis.agenda.services.occurrences import HORIZON_AHEAD, occurrences, occurrences_extend
from parvis.spaces.models import Visibility
from parvis.spaces.services.spaces import space_update
from tests.factories import add_member, make_event, soon

PARIS = ZoneInfo("Europe/Paris")


def starts(event) -> list[datetime]:
    return [
        start.astimezone(PARIS)
        for start in Occurrence.objects.filter(event=event).order_by("start").values_list("start", flat=True)
    ]


def cells(page: str) -> dict[str, str]:
    """The month table's cells by date (YYYY-MM-DD)."""
    return dict(re.findall(r'<td data-date="([\d-]+)"(.*?)</td>', page, re.S))


def days_with(client, year: int, month: int, title: str) -> list[str]:
    page = client.get(f"/agenda/mois/{year}/{month}/").content.decode()
    return [day for day, cell in cells(page).items() if title in cell]


# The rows follow the event ---------------------------------------------------------------------------------


def test_rows_follow_the_rule_the_exceptions_the_cancellation_and_the_deletion(inhabitant, spaces):
    start = datetime(2027, 3, 6, 10, tzinfo=PARIS)  # a Saturday, three weeks before the change to summer time
    market = make_event(inhabitant, spaces["public"], "Marché", start=start, hours=3, rrule="FREQ=WEEKLY;COUNT=6")
    assert [s.day for s in starts(market)] == [6, 13, 20, 27, 3, 10]
    assert {s.hour for s in starts(market)} == {10}  # 10:00 in Paris on both sides of the clock change
    ends = Occurrence.objects.filter(event=market).values_list("start", "end")
    assert {end - begin for begin, end in ends} == {timedelta(hours=3)}

    event_update(editor=inhabitant, event=market, rrule="FREQ=WEEKLY;COUNT=3", exdates=["2027-03-13"])
    assert [s.day for s in starts(market)] == [6, 20]

    event_update(editor=inhabitant, event=market, start=start + timedelta(hours=4), end=start + timedelta(hours=6))
    assert {s.hour for s in starts(market)} == {14}

    event_cancel(editor=inhabitant, event=market, reason="Travaux sur la place")
    assert set(Occurrence.objects.filter(event=market).values_list("status", flat=True)) == {EventStatus.CANCELLED}

    market.delete()
    assert not Occurrence.objects.filter(event_id=market.pk).exists()


def test_rows_copy_what_the_pages_filter_on(inhabitant, spaces, compiegne):
    event = make_event(inhabitant, spaces["public"], "Concert", category="culture", is_free=False)
    event_update(editor=inhabitant, event=event, commune=compiegne, category="sport", is_free=True)
    row = Occurrence.objects.get(event=event)
    assert (row.commune_id, row.category, row.is_free, row.space_id) == (compiegne.pk, "sport", True, event.space_id)


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//FR\r
BEGIN:VEVENT\r
UID:atelier-1@example.org\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=Europe/Paris:20270106T180000\r
DTEND;TZID=Europe/Paris:20270106T200000\r
SUMMARY:Atelier vélo\r
{extra}END:VEVENT\r
END:VCALENDAR\r
"""


def test_rows_follow_a_calendar_import(inhabitant, spaces):
    source = CalendarSource.objects.create(space=spaces["public"], created_by=inhabitant)
    ical_sync.import_calendar(source, ICS.format(extra="RRULE:FREQ=WEEKLY;COUNT=4\r\n").encode())
    workshop = Event.objects.get(title="Atelier vélo")
    assert [s.day for s in starts(workshop)] == [6, 13, 20, 27]

    again = "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Paris:20270113T180000\r\n"
    ical_sync.import_calendar(source, ICS.format(extra=again).encode())
    assert [s.day for s in starts(workshop)] == [6, 20, 27]

    empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\nEND:VCALENDAR\r\n"
    ical_sync.import_calendar(source, empty.encode())
    assert not Event.objects.filter(pk=workshop.pk).exists()
    assert not Occurrence.objects.filter(event_id=workshop.pk).exists()


# The pages read the rows as before ---------------------------------------------------------------------------


RULES = [
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=DAILY;UNTIL=20271105T225959Z",
]


@pytest.mark.parametrize("rule", RULES)
def test_month_view_shows_the_days_the_rule_gives_across_the_clock_changes(client, inhabitant, spaces, rule):
    start = datetime(2027, 1, 1, 20, 30, tzinfo=PARIS)
    first = start + timedelta(days=(4 - start.weekday()) % 7) if "-1FR" in rule else start
    if "BYDAY=SA" in rule:
        first = start + timedelta(days=(5 - start.weekday()) % 7)
    if "TU,TH" in rule:
        first = start + timedelta(days=(1 - start.weekday()) % 7)
    if "-1FR" in rule:
        first = datetime(2027, 1, 29, 20, 30, tzinfo=PARIS)
    if "BYMONTHDAY=31" in rule:
        first = datetime(2027, 1, 31, 20, 30, tzinfo=PARIS)
    event = make_event(inhabitant, spaces["public"], "Répétition", start=first, rrule=rule)
    # March (summer time from the 28th), October (winter time from the 31st), and the months around them.
    for year, month in [(2027, 2), (2027, 3), (2027, 4), (2027, 10), (2027, 11)]:
        since = datetime(year, month, 1, tzinfo=PARIS)
        until = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
        expected = sorted({o.date().isoformat() for o in occurrences(event, since, until) if o < until})
        assert days_with(client, year, month, "Répétition") == expected, (rule, month)
    assert {s.strftime("%H:%M") for s in starts(event)} == {"20:30"}


def test_an_evening_across_the_end_of_the_month_shows_in_both_months(client, inhabitant, spaces):
    start = datetime(2027, 3, 31, 22, tzinfo=PARIS)
    make_event(inhabitant, spaces["public"], "Nuit des étoiles", start=start, hours=4)
    assert days_with(client, 2027, 3, "Nuit des étoiles") == ["2027-03-31"]
    assert days_with(client, 2027, 4, "Nuit des étoiles") == ["2027-04-01"]


def test_the_list_gives_each_occurrence_once_over_its_pages(client, inhabitant, spaces):
    start = soon(days=1)
    make_event(inhabitant, spaces["public"], "Permanence numérique", start=start, rrule="FREQ=DAILY;COUNT=45")
    seen, path = [], "/agenda/"
    while path:
        page = client.get(path).content.decode()
        seen += re.findall(r'<time datetime="([^"]+)">', page)
        later = re.search(r'href="([^"]*apres=[^"]+)" rel="next"', page)
        path = "/agenda/" + later.group(1).replace("&amp;", "&") if later else None
    expected = [timezone.localtime(start + timedelta(days=day)) for day in range(45)]
    assert seen == [moment.strftime("%Y-%m-%dT%H:%M:%S%z") for moment in expected]


def test_the_api_lists_each_occurrence_with_a_cursor(client, inhabitant, spaces):
    start = soon(days=1)
    event = make_event(inhabitant, spaces["public"], "Chorale", start=start, rrule="FREQ=WEEKLY;COUNT=5")
    first = client.get("/api/v1/agenda/events", {"limit": 3}).json()
    assert [item["id"] for item in first["items"]] == [event.pk] * 3
    rest = client.get("/api/v1/agenda/events", {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert rest["next_cursor"] is None
    listed = [item["occurrence_start"] for item in first["items"] + rest["items"]]
    assert [datetime.fromisoformat(moment) for moment in listed] == [start + timedelta(weeks=n) for n in range(5)]
    assert all(item["start"] == first["items"][0]["start"] for item in rest["items"])  # the event's first time


# Private events stay private through the table -------------------------------------------------------------


def visible_everywhere(client, title: str, when: datetime) -> list[bool]:
    local = timezone.localtime(when)
    shown = escape(title)  # as the pages write it ("l&#x27;affiche")
    return [
        shown in client.get("/agenda/").content.decode(),
        shown in client.get(f"/agenda/mois/{local.year}/{local.month}/").content.decode(),
        title in [item["title"] for item in client.get("/api/v1/agenda/events").json()["items"]],
    ]


def test_members_only_and_draft_occurrences_never_reach_others(client, inhabitant, outsider, neighbour, spaces):
    when = soon(days=2)
    make_event(inhabitant, spaces["members"], "Réunion du bureau", start=when, rrule="FREQ=WEEKLY;COUNT=3")
    make_event(inhabitant, spaces["secret"], "Fête secrète", start=when)
    make_event(inhabitant, spaces["public"], "Brouillon de l'affiche", start=when, status=EventStatus.DRAFT)
    for title in ("Réunion du bureau", "Fête secrète", "Brouillon de l'affiche"):
        assert visible_everywhere(client, title, when) == [False] * 3, title
    client.force_login(outsider)
    for title in ("Réunion du bureau", "Fête secrète", "Brouillon de l'affiche"):
        assert visible_everywhere(client, title, when) == [False] * 3, title
    add_member(spaces["members"], neighbour)
    client.force_login(neighbour)
    assert visible_everywhere(client, "Réunion du bureau", when) == [True] * 3
    assert visible_everywhere(client, "Brouillon de l'affiche", when) == [False] * 3
    client.force_login(inhabitant)
    assert visible_everywhere(client, "Brouillon de l'affiche", when) == [True] * 3


def test_a_space_turning_members_only_takes_its_occurrences_away_at_once(client, inhabitant, spaces, beauvais):
    when = soon(days=2)
    space = spaces["public"]
    make_event(inhabitant, space, "Loto des écoles", start=when, rrule="FREQ=WEEKLY;COUNT=3", commune=beauvais)
    territory_agenda = f"/agenda/territoire/commune/{beauvais.slug}/"
    assert visible_everywhere(client, "Loto des écoles", when) == [True] * 3
    assert "Loto des écoles" in client.get(territory_agenda).content.decode()
    space_update(
        actor=inhabitant,
        space=space,
        name=space.name,
        description=space.description,
        visibility=Visibility.MEMBERS,
        join_policy=space.join_policy,
    )
    assert visible_everywhere(client, "Loto des écoles", when) == [False] * 3
    assert "Loto des écoles" not in client.get(territory_agenda).content.decode()


# Queries per page and the horizon ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 40])
def test_pages_read_in_a_fixed_number_of_queries(
    client, inhabitant, spaces, beauvais, django_assert_max_num_queries, count
):
    for index in range(count):
        make_event(
            inhabitant,
            spaces["public"],
            f"Événement {index}",
            start=soon(days=1 + index % 20),
            rrule="FREQ=WEEKLY;COUNT=4" if index % 3 == 0 else "",
        )
    today = timezone.localdate()
    paths = [
        "/agenda/",
        f"/agenda/?commune={beauvais.slug}",
        f"/agenda/mois/{today.year}/{today.month}/",
        f"/agenda/territoire/commune/{beauvais.slug}/",
        "/api/v1/agenda/events",
    ]
    for who in (None, inhabitant):
        if who is not None:
            client.force_login(who)
        for path in paths:
            client.get(path)  # the session and the caches warm
            with django_assert_max_num_queries(8):
                assert client.get(path).status_code == 200


def test_the_horizon_command_runs_twice_alike_and_moves_with_the_days(inhabitant, spaces):
    start = timezone.now().replace(microsecond=0) - timedelta(days=400)
    endless = make_event(inhabitant, spaces["public"], "Marché du samedi", start=start, rrule="FREQ=WEEKLY")
    single = make_event(inhabitant, spaces["public"], "Fête passée", start=start)
    rows = starts(endless)
    assert rows[0] > timezone.now() - timedelta(days=367) and rows[-1] < timezone.now() + HORIZON_AHEAD
    call_command("agenda_occurrences", verbosity=0)
    call_command("agenda_occurrences", verbosity=0)
    assert starts(endless) == rows
    later = timezone.now() + timedelta(days=30)
    occurrences_extend(now=later)
    moved = starts(endless)
    assert moved[0] > rows[0] and moved[-1] > rows[-1] and moved[-1] < later + HORIZON_AHEAD
    assert len(moved) == len(set(moved))
    assert starts(single) == [start.astimezone(PARIS)]  # a single event keeps its one row whatever its date
    assert Occurrence.objects.filter(event=endless, start__lt=datetime(1990, 1, 1, tzinfo=UTC)).count() == 0


def test_a_long_exhibition_started_before_shows_until_it_closes(client, inhabitant, spaces):
    opening = timezone.now().replace(microsecond=0) - timedelta(days=10)
    make_event(inhabitant, spaces["public"], "Exposition de photographies", start=opening, hours=24 * 30)
    for index in range(35):  # more than a page of events starting after it
        make_event(inhabitant, spaces["public"], f"Atelier {index}", start=soon(days=1))
    titles = re.findall(r'class="card__title"><a [^>]*>([^<]+)<', client.get("/agenda/").content.decode())
    assert titles[0] == "Exposition de photographies" and len(titles) == 30
    api = client.get("/api/v1/agenda/events", {"limit": 5}).json()["items"]
    assert api[0]["title"] == "Exposition de photographies"
    closing = timezone.localtime(opening + timedelta(days=30))
    assert closing.date().isoformat() in days_with(client, closing.year, closing.month, "Exposition de photographies")
