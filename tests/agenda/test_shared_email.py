"""An organiser sees a participant's e-mail address only when the participant agreed to share it when answering: a
checkbox on the answer (page and API), off unless ticked, asked again with each answer. The CSV of participants
leaves the others' cell empty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.models import Rsvp
from parvis.agenda.services.events import event_create
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request, rsvp_set
from tests.factories import add_member, api_client, make_user


@pytest.fixture
def event(inhabitant, spaces):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    return event_create(
        creator=inhabitant, space=spaces["public"], title="Repas partagé", start=start, end=start + timedelta(hours=3)
    )


def participants_csv(client, organiser, event) -> str:
    client.force_login(organiser)
    response = client.get(f"/agenda/evenements/{event.pk}/participants.csv")
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_the_csv_shows_only_the_addresses_shared_when_answering(client, inhabitant, neighbour, spaces, event):
    sharing = make_user("partage@example.org", display_name="Partage")
    add_member(spaces["public"], sharing)
    add_member(spaces["public"], neighbour)
    rsvp_set(user=sharing, event=event, status="going", share_email=True)
    rsvp_set(user=neighbour, event=event, status="going")  # the default: not shared
    guest = rsvp_guest_request(event=event, email="invite@example.org", name="Invitée")
    rsvp_guest_confirm(token=guest.token)
    sharing_guest = rsvp_guest_request(event=event, email="invite2@example.org", name="Invité", share_email=True)
    rsvp_guest_confirm(token=sharing_guest.token)
    content = participants_csv(client, inhabitant, event)
    assert "partage@example.org" in content and "invite2@example.org" in content
    assert neighbour.email not in content and "invite@example.org" not in content
    assert neighbour.public_name in content and "Invitée" in content  # still listed, without the address


def test_answering_again_without_ticking_withdraws_the_consent(client, inhabitant, neighbour, event):
    rsvp_set(user=neighbour, event=event, status="going", share_email=True)
    rsvp_set(user=neighbour, event=event, status="interested")
    assert not Rsvp.objects.get(user=neighbour).share_email
    assert neighbour.email not in participants_csv(client, inhabitant, event)


def test_the_event_page_asks_with_a_checkbox_off_by_default(client, neighbour, event):
    client.force_login(neighbour)
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'name="share_email"' in page and "checked" not in page.split('name="share_email"')[1].split(">")[0]
    client.post(f"/agenda/evenements/{event.pk}/participer/", {"status": "going", "share_email": "on"})
    assert Rsvp.objects.get(user=neighbour).share_email
    page = client.get(event.get_absolute_url()).content.decode()
    assert "checked" in page.split('name="share_email"')[1].split(">")[0]  # the choice shown as given
    client.post(f"/agenda/evenements/{event.pk}/participer/", {"status": "going"})
    assert not Rsvp.objects.get(user=neighbour).share_email


def test_the_guest_form_asks_too(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert page.count('name="share_email"') == 1
    client.post(
        f"/agenda/evenements/{event.pk}/participer-sans-compte/",
        {"email": "invite@example.org", "share_email": "on"},
    )
    assert Rsvp.objects.get(email="invite@example.org").share_email


def test_the_api_takes_the_choice_and_defaults_to_not_shared(neighbour, event):
    api = api_client(neighbour)
    url = f"/api/v1/agenda/events/{event.pk}/rsvp"
    response = api.put(url, {"status": "going"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["share_email"] is False
    response = api.put(url, {"status": "going", "share_email": True}, content_type="application/json")
    assert response.json()["share_email"] is True
    assert Rsvp.objects.get(user=neighbour).share_email
    response = api.put(url, {"status": "going", "share_email": "peut-être"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
