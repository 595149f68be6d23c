import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parvis.agenda.models import Event, Rsvp, RsvpStatus, SubmissionStatus, TrustedPublisher
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.occurrences import occurrences
from parvis.agenda.services.rsvps import rsvp_guest_request, rsvp_set
from parvis.agenda.services.submissions import agenda_review, agenda_submit
from tests.factories import agenda_editor, soon

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def event(inhabitant, spaces):
    return event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Brocante du quartier",
        description="Venez **nombreux**",
        start=soon(),
        end=soon(hours=5),
        venue_name="Place Jeanne-Hachette",
        category="market",
        capacity=2,
    )


def test_event_page_has_schema_org_json_ld_and_open_graph(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Event" and data["name"] == "Brocante du quartier"
    assert data["location"]["name"] == "Place Jeanne-Hachette"
    assert '<meta property="og:title" content="Brocante du quartier">' in page
    assert "<strong>nombreux</strong>" in page


def test_creating_an_event_from_the_space_page(signed_in, spaces):
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/",
        {"title": "Chorale", "start": start, "category": "culture", "is_free": "on", "accessibility": ["wheelchair"]},
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Chorale")
    assert event.accessibility == ["wheelchair"] and event.end == event.start


def test_bad_event_input_is_answered_clearly(inhabitant, spaces, signed_in):
    with pytest.raises(ValidationError, match="before|avant"):
        event_create(creator=inhabitant, space=spaces["public"], title="x", start=soon(), end=soon(days=2))
    with pytest.raises(ValidationError):
        event_create(
            creator=inhabitant,
            space=spaces["public"],
            title="x",
            start=soon(),
            end=soon(hours=1),
            rrule="FREQ=SOMETIMES",
        )
    response = signed_in.post(
        f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/", {"title": "", "start": "demain"}
    )
    assert response.status_code == 200 and "error" in response.content.decode()


def test_weekly_event_with_an_exception(inhabitant, spaces):
    start = datetime(2027, 3, 6, 10, tzinfo=PARIS)  # a Saturday, before the change to summer time
    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Marché",
        start=start,
        end=start + timedelta(hours=3),
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=6",
        exdates=["2027-03-20"],
    )
    found = occurrences(event, start - timedelta(days=1), start + timedelta(days=60))
    assert [o.day for o in found] == [6, 13, 27, 3, 10]
    assert all(o.hour == 10 for o in found)  # 10:00 local time on both sides of the clock change
    assert event.repeat_until.date().isoformat() == "2027-04-10"


def test_members_only_events_stay_inside(client, inhabitant, outsider, spaces):
    private = event_create(
        creator=inhabitant, space=spaces["members"], title="Assemblée du bureau", start=soon(), end=soon(hours=2)
    )
    assert client.get(private.get_absolute_url()).status_code == 404
    assert "Assemblée du bureau" not in client.get("/agenda/").content.decode()
    assert "Assemblée du bureau" not in json.dumps(client.get("/api/v1/agenda/events").json())
    client.force_login(outsider)
    assert client.get(f"/api/v1/agenda/events/{private.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        rsvp_set(user=outsider, event=private, status="going")
    client.force_login(inhabitant)
    assert "Assemblée du bureau" in client.get("/agenda/").content.decode()


def test_guest_without_account_confirms_by_email_then_cancels(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/agenda/evenements/{event.pk}/participer-sans-compte/", {"email": "Invite@Example.org", "name": "Invité"}
        )
    rsvp = Rsvp.objects.get(event=event)
    assert rsvp.email == "invite@example.org" and not rsvp.confirmed
    event.refresh_from_db()
    assert event.going_count == 0  # nothing counts before the address is confirmed
    link = re.search(r"https?://[^/\s]+(/agenda/participation/[^\s]+/)", mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 200  # a mail scanner opening the link confirms nothing
    client.post(link)
    event.refresh_from_db()
    assert event.going_count == 1 and Rsvp.objects.get(pk=rsvp.pk).status == RsvpStatus.GOING
    client.post(link, {"status": "not_going"})
    event.refresh_from_db()
    assert event.going_count == 0


def test_guest_answers_are_refused_for_private_events_and_bad_addresses(inhabitant, spaces, event):
    private = event_create(creator=inhabitant, space=spaces["members"], title="Privé", start=soon(), end=soon(hours=1))
    with pytest.raises(PermissionDenied):
        rsvp_guest_request(event=private, email="a@example.org", name="A")
    with pytest.raises(ValidationError):
        rsvp_guest_request(event=event, email="pas-une-adresse", name="A")


def test_cancelling_keeps_the_page_with_a_banner_and_tells_participants(
    client, inhabitant, neighbour, event, django_capture_on_commit_callbacks
):
    rsvp_set(user=neighbour, event=event, status="going")
    with pytest.raises(ValidationError):
        event_cancel(editor=inhabitant, event=event, reason="")
    with pytest.raises(PermissionDenied):
        event_cancel(editor=neighbour, event=event, reason="je ne veux pas")
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=inhabitant, event=event, reason="Alerte météo")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Alerte météo" in page and 'role="alert"' in page
    assert [m.to for m in mail.outbox] == [[neighbour.email]]
    with pytest.raises(ValidationError):
        rsvp_set(user=neighbour, event=event, status="going")


def test_participants_csv_is_for_organisers_only_and_formula_safe(client, inhabitant, neighbour, event):
    neighbour.display_name = "=HYPERLINK(1)"
    neighbour.save()
    rsvp_set(user=neighbour, event=event, status="going", share_email=True)
    client.force_login(neighbour)
    assert client.get(f"/agenda/evenements/{event.pk}/participants.csv").status_code == 403
    client.force_login(inhabitant)
    content = client.get(f"/agenda/evenements/{event.pk}/participants.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content and neighbour.email in content


def test_common_agenda_submission_review_and_trusted_publishers(inhabitant, event, beauvais, spaces):
    agent = agenda_editor(beauvais.parent)  # an editor of the département
    submission = agenda_submit(user=inhabitant, event=event, territory=beauvais)
    assert submission.status == SubmissionStatus.PENDING
    with pytest.raises(ValidationError):
        agenda_review(editor=agent, submission=submission, accept=False, reason="")
    with pytest.raises(PermissionDenied):
        agenda_review(editor=inhabitant, submission=submission, accept=True)
    assert agenda_review(editor=agent, submission=submission, accept=False, reason="Doublon").reason == "Doublon"

    TrustedPublisher.objects.create(territory=beauvais, space=spaces["public"])
    other = event_create(creator=inhabitant, space=spaces["public"], title="Concert", start=soon(), end=soon(hours=2))
    assert agenda_submit(user=inhabitant, event=other, territory=beauvais).status == SubmissionStatus.ACCEPTED


def test_agenda_page_filters_and_query_count(client, inhabitant, spaces, event, django_assert_max_num_queries):
    for index in range(15):
        event_create(
            creator=inhabitant,
            space=spaces["public"],
            title=f"Atelier {index}",
            start=soon(days=index % 7 + 1),
            end=soon(days=index % 7 + 1, hours=1),
            category="training",
        )
    with django_assert_max_num_queries(8):
        page = client.get("/agenda/", {"categorie": "market"}).content.decode()
    assert "Brocante du quartier" in page and "Atelier 1" not in page
    with django_assert_max_num_queries(8):
        assert client.get("/agenda/").content.decode().count("event-card") == 16
