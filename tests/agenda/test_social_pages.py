"""The pages of invitations, participation requests and reminders' choices, as people use them."""

import pytest
from django.urls import reverse

from parvis.agenda.models import AgendaPreference, Event, Invitation, Rsvp, RsvpStatus
from parvis.agenda.services.invitations import event_invite
from tests.factories import add_member, make_event, make_user


@pytest.fixture
def group(spaces, neighbour, beauvais):
    add_member(spaces["members"], neighbour)
    return spaces["members"]


@pytest.fixture
def workshop(inhabitant, group):
    return make_event(
        inhabitant, group, "Atelier réparation", approval_required=True, question="Que voulez-vous réparer ?"
    )


def test_an_officer_invites_the_group_from_the_event_page(client, inhabitant, neighbour, group, workshop):
    client.force_login(inhabitant)
    page = client.get(reverse("agenda:invite", args=[workshop.pk])).content.decode()
    assert group.name in page and neighbour.public_name in page
    response = client.post(reverse("agenda:invite", args=[workshop.pk]), {"group": str(group.pk)}, follow=True)
    assert "Invitations envoyées : 1" in response.content.decode() or "Invitations sent: 1" in response.content.decode()
    assert Invitation.objects.filter(event=workshop, invitee=neighbour).exists()


def test_the_invited_member_answers_the_question_and_the_organiser_accepts(
    client, inhabitant, neighbour, group, workshop
):
    event_invite(inviter=inhabitant, event=workshop, group=group)
    invitation_id = Invitation.objects.get(invitee=neighbour).pk
    client.force_login(neighbour)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Que voulez-vous réparer ?" in page and reverse("agenda:answer_invitation", args=[invitation_id]) in page
    client.post(
        reverse("agenda:answer_invitation", args=[invitation_id]), {"answer": "accept", "question": "Une lampe"}
    )
    rsvp = Rsvp.objects.get(user=neighbour, event=workshop)
    assert rsvp.status == RsvpStatus.PENDING and rsvp.answer == "Une lampe"
    # The member cannot open the organisers' list.
    assert client.get(reverse("agenda:requests", args=[workshop.pk])).status_code == 403
    client.force_login(inhabitant)
    page = client.get(reverse("agenda:requests", args=[workshop.pk])).content.decode()
    assert "Une lampe" in page
    client.post(reverse("agenda:requests", args=[workshop.pk]), {"request": rsvp.pk, "decision": "approve"})
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.GOING


def test_bad_decisions_get_a_message_not_an_error(client, inhabitant, workshop):
    client.force_login(inhabitant)
    for data in ({"request": "abc"}, {"request": ""}, {"request": "99999999"}):
        response = client.post(reverse("agenda:requests", args=[workshop.pk]), data)
        assert response.status_code in (302, 404)


def test_outsiders_get_404_on_the_invitation_pages_of_a_private_event(client, outsider, neighbour, inhabitant, group):
    event = make_event(inhabitant, group, "Réunion privée")
    event_invite(inviter=inhabitant, event=event, group=group)
    invitation = Invitation.objects.get(invitee=neighbour)
    client.force_login(outsider)
    assert client.get(reverse("agenda:invite", args=[event.pk])).status_code == 404
    assert client.get(reverse("agenda:requests", args=[event.pk])).status_code == 404
    response = client.post(reverse("agenda:answer_invitation", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 404
    assert not Rsvp.objects.filter(user=outsider).exists()


def test_a_person_chooses_their_reminders(client, neighbour):
    client.force_login(neighbour)
    assert client.get(reverse("agenda:preferences")).status_code == 200
    client.post(reverse("agenda:preferences"), {"remind_hour_before": "on", "new_events_in_my_groups": "on"})
    preference = AgendaPreference.objects.get(user=neighbour)
    assert not preference.remind_day_before and preference.remind_hour_before and preference.new_events_in_my_groups


def test_the_event_form_sets_approval_and_question(client, inhabitant, group):
    client.force_login(inhabitant)
    response = client.post(
        reverse("agenda:create", args=[group.slug]),
        {
            "space": group.slug,
            "title": "Sortie nature",
            "start": "2030-06-01T10:00",
            "end": "2030-06-01T12:00",
            "category": "nature",
            "is_free": "on",
            "repeat": "none",
            "approval_required": "on",
            "question": "Avez-vous des bottes ?",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Sortie nature")
    assert event.approval_required and event.question == "Avez-vous des bottes ?"


def test_a_stranger_to_every_group_sees_nobody_to_invite(client, inhabitant, spaces):
    event = make_event(inhabitant, spaces["public"], "Fête publique")
    loner = make_user("seul@example.org", display_name="Seul")
    client.force_login(loner)
    page = client.get(reverse("agenda:invite", args=[event.pk])).content.decode()
    assert "Nobody else to invite" in page or "Personne d'autre" in page
