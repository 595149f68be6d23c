"""Events are reported and moderated like posts: anyone reading a public event may notify it, a moderator of its
space hides or removes it, and then no path shows it (its page, the agenda's list and month, the API, iCal and Atom
feeds, open data, search, the commune's agenda and widget), its organisers included, until the decision is
reversed; a reversal puts the event back whole, with its status, places and answers."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parvis.agenda.ical_import import sync as ical_sync
from parvis.agenda.models import CalendarSource, Event, EventStatus, Occurrence, Rsvp, RsvpStatus
from parvis.agenda.services.events import event_cancel, event_create, event_update
from parvis.agenda.services.rsvps import rsvp_set
from parvis.moderation import services as moderation
from parvis.moderation.models import Report
from parvis.spaces.models import Visibility
from tests.factories import add_member

pytestmark = pytest.mark.django_db

TITLE = "Brocante du quartier Saint-Jean"


@pytest.fixture
def event(spaces, neighbour, inhabitant, beauvais, fresh_rate_counters):
    """A public event of the neighbour's in the inhabitant's public group (the inhabitant moderates it), with a
    capacity and one person going."""
    space = spaces[Visibility.PUBLIC]
    add_member(space, neighbour)
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)
    made = event_create(
        creator=neighbour,
        space=space,
        title=TITLE,
        description="Vide-greniers annuel",
        start=start,
        end=start + timedelta(hours=4),
        commune=beauvais,
        capacity=10,
    )
    rsvp_set(user=inhabitant, event=made, status=RsvpStatus.GOING)
    return made


def _paths(event, beauvais) -> dict[str, str]:
    month = f"/agenda/mois/{event.start.year}/{event.start.month}/"
    return {
        "page": event.get_absolute_url(),
        "list": "/agenda/",
        "month": month,
        "api list": "/api/v1/agenda/events",
        "api detail": f"/api/v1/agenda/events/{event.pk}",
        "event ics": f"/agenda/evenements/{event.pk}/evenement.ics",
        "instance ics": "/agenda/agenda.ics",
        "commune ics": f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        "space ics": f"/agenda/espaces/{event.space.slug}/agenda.ics",
        "atom": "/agenda/atom/",
        "open data json": "/agenda/opendata/events.json",
        "open data csv": "/agenda/opendata/events.csv",
        "search": "/recherche/?q=brocante",
        "search api": "/api/v1/search?q=brocante",
        # The commune's page shows no events: its agenda is this page.
        "commune agenda": f"/agenda/territoire/commune/{beauvais.slug}/",
        "widget": f"/agenda/widget/commune/{beauvais.slug}/",
    }


def _read(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content.decode()


def _where_shown(client, event, beauvais) -> set[str]:
    shown = set()
    for name, path in _paths(event, beauvais).items():
        status, body = _read(client, path)
        assert status in (200, 404), (name, status)
        if status == 200 and TITLE in body or (name == "api detail" and status == 200):
            shown.add(name)
    return shown


def _report(client, event) -> Report:
    """A visitor without an account notifies the event from its page's link."""
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    url = f"/moderation/signaler/evenement/{event.pk}/"
    assert url in page
    response = client.post(
        url,
        {
            "reason": "illegal",
            "details": "Vente d'objets volés annoncée dans la description.",
            "name": "Claude Martin",
            "email": "claude@example.org",
            "good_faith": "on",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(kind="event", target_id=event.pk)
    assert report.space == event.space and report.author == event.created_by
    return report


@pytest.mark.parametrize("action, status", [("hide", EventStatus.HIDDEN), ("remove", EventStatus.REMOVED)])
def test_a_moderated_event_leaves_every_path_and_a_reversal_brings_it_back_whole(
    client, event, beauvais, inhabitant, neighbour, operator_moderator, action, status
):
    everywhere = _where_shown(client, event, beauvais)
    # The sweep reaches the event before the decision: every path shows it to a visitor.
    assert everywhere == set(_paths(event, beauvais)), set(_paths(event, beauvais)) - everywhere

    report = _report(client, event)
    client.force_login(inhabitant)
    queue = client.get("/moderation/")
    assert queue.status_code == 200 and TITLE in queue.content.decode()  # in the queue of its space's moderators
    response = client.post(
        f"/moderation/signalements/{report.pk}/decider/", {"action": action, "reason": "Recel annoncé."}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == status
    assert set(Occurrence.objects.filter(event=event).values_list("status", flat=True)) == {status}

    # Nobody reads it: a visitor, the moderator who decided, its organiser.
    client.logout()
    assert _where_shown(client, event, beauvais) == set()
    for person in (inhabitant, neighbour):
        client.force_login(person)
        assert _where_shown(client, event, beauvais) == set()
        assert client.get(f"/agenda/evenements/{event.pk}/modifier/").status_code == 404

    # The author contests, the operator's team reverses: the event is back everywhere, with its places and answers.
    report.refresh_from_db()
    decision = moderation.decision_contest(author=neighbour, decision=report.decision, text="Objets à moi.")
    moderation.decision_review(reviewer=operator_moderator, decision=decision, reverse=True, reason="Erreur.")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.capacity == 10 and event.going_count == 1
    assert Rsvp.objects.get(event=event, user=inhabitant).status == RsvpStatus.GOING
    client.logout()
    assert _where_shown(client, event, beauvais) == everywhere


def test_a_hidden_event_cannot_be_brought_back_by_its_organisers(client, event, inhabitant, neighbour):
    report = moderation.report_create(
        reporter=None,
        kind="event",
        target_id=event.pk,
        reason="spam",
        details="Publicité déguisée.",
        name="C",
        email="c@example.org",
    )
    moderation.decision_take(moderator=inhabitant, report=report, action="hide", reason="Publicité.")
    event.refresh_from_db()
    for change in ({"title": "Autre titre"}, {"status": EventStatus.PUBLISHED}):
        with pytest.raises(ValidationError):
            event_update(editor=neighbour, event=event, **change)
    with pytest.raises(ValidationError):
        event_cancel(editor=inhabitant, event=event, reason="Pluie")
    # Through the API too: the organiser's token meets the event as if it did not exist, or a message.
    client.force_login(neighbour)
    response = client.patch(
        f"/api/v1/agenda/events/{event.pk}", json.dumps({"status": "published"}), content_type="application/json"
    )
    assert response.status_code in (400, 401, 403, 404)
    assert Event.objects.get(pk=event.pk).status == EventStatus.HIDDEN
    assert set(Occurrence.objects.filter(event=event).values_list("status", flat=True)) == {EventStatus.HIDDEN}


def test_a_cancelled_event_restored_is_still_cancelled(event, inhabitant, neighbour, operator_moderator):
    event_cancel(editor=neighbour, event=event, reason="Pluie annoncée")
    report = moderation.report_create(
        reporter=None,
        kind="event",
        target_id=event.pk,
        reason="spam",
        details="Publicité déguisée.",
        name="C",
        email="c@example.org",
    )
    decision = moderation.decision_take(moderator=inhabitant, report=report, action="remove", reason="Publicité.")
    assert Event.objects.public().filter(pk=event.pk).count() == 0
    moderation.decision_contest(author=neighbour, decision=decision, text="Non.")
    moderation.decision_review(reviewer=operator_moderator, decision=decision, reverse=True, reason="Erreur.")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancel_reason == "Pluie annoncée"


def test_its_author_sees_no_report_link_on_their_own_event(client, event, neighbour, outsider):
    url = f"/moderation/signaler/evenement/{event.pk}/"
    client.force_login(neighbour)
    assert url not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert url in client.get(event.get_absolute_url()).content.decode()


def test_a_calendar_import_leaves_a_hidden_event_hidden(inhabitant, spaces, operator_moderator, fresh_rate_counters):
    source = CalendarSource.objects.create(space=spaces[Visibility.PUBLIC], created_by=inhabitant)
    calendar = (Path(__file__).parent / "fixtures" / "google_mixed.ics").read_bytes()
    ical_sync.import_calendar(source, calendar)
    imported = Event.objects.get(uid="second-block-1")
    report = moderation.report_create(
        reporter=None,
        kind="event",
        target_id=imported.pk,
        reason="spam",
        details="Publicité.",
        name="C",
        email="c@example.org",
    )
    moderation.decision_take(moderator=operator_moderator, report=report, action="hide", reason="Publicité.")
    changed = calendar.replace(b"SUMMARY:Forum des associations", b"SUMMARY:Forum des associations (bis)")
    again = ical_sync.import_calendar(source, changed)
    # Kept as it is, as a cancelled event is, rather than refused line by line in the source's report.
    assert again["updated"] == 0 and again["deleted"] == 0
    assert "second-block-1" not in {item["uid"] for item in again["skipped"]}
    imported.refresh_from_db()
    assert imported.status == EventStatus.HIDDEN and imported.title == "Forum des associations"
