"""Invitations and participation requests through the API: the same rules as the pages."""

import pytest
from django.urls import reverse

from parvis.agenda.models import Invitation, Rsvp, RsvpStatus
from tests.factories import add_member, api_client, make_event


@pytest.fixture
def group(spaces, neighbour):
    add_member(spaces["members"], neighbour)
    return spaces["members"]


@pytest.fixture
def workshop(inhabitant, group):
    return make_event(inhabitant, group, "Atelier couture", approval_required=True, question="Votre niveau ?")


def test_invite_accept_and_decide_through_the_api(inhabitant, neighbour, group, workshop):
    officer, member = api_client(inhabitant), api_client(neighbour)
    response = officer.post(
        reverse("api:event_invite", args=[workshop.pk]), {"group": group.slug}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json() == {"invited": 1}
    mine = member.get(reverse("api:invitation_list")).json()
    assert [item["event_title"] for item in mine] == ["Atelier couture"]
    response = member.post(
        reverse("api:invitation_answer", args=[mine[0]["id"]]),
        {"accept": True, "answer": ""},
        content_type="application/json",
    )
    assert response.status_code == 400  # the organisers' question asks an answer
    response = member.post(
        reverse("api:invitation_answer", args=[mine[0]["id"]]),
        {"accept": True, "answer": "Débutante"},
        content_type="application/json",
    )
    assert response.json()["status"] == RsvpStatus.PENDING
    assert member.get(reverse("api:request_list", args=[workshop.pk])).status_code == 403
    waiting = officer.get(reverse("api:request_list", args=[workshop.pk])).json()
    assert [item["answer"] for item in waiting] == ["Débutante"]
    response = officer.post(
        reverse("api:request_decide", args=[workshop.pk, waiting[0]["id"]]),
        {"approve": True},
        content_type="application/json",
    )
    assert response.json()["status"] == RsvpStatus.GOING
    assert Rsvp.objects.get(user=neighbour, event=workshop).status == RsvpStatus.GOING


def test_outsiders_get_404_and_bad_input_a_sentence(inhabitant, outsider, neighbour, group, workshop):
    api_client(inhabitant).post(
        reverse("api:event_invite", args=[workshop.pk]), {"group": group.slug}, content_type="application/json"
    )
    invitation = Invitation.objects.get(invitee=neighbour)
    stranger = api_client(outsider)
    assert stranger.get(reverse("api:request_list", args=[workshop.pk])).status_code == 404
    answer = stranger.post(
        reverse("api:invitation_answer", args=[invitation.pk]), {"accept": True}, content_type="application/json"
    )
    assert answer.status_code == 404
    invite = stranger.post(
        reverse("api:event_invite", args=[workshop.pk]), {"people": [neighbour.pk]}, content_type="application/json"
    )
    assert invite.status_code == 404
    officer = api_client(inhabitant)
    for body in ({"people": ["x"]}, {"group": "n-existe-pas"}, {}, {"people": [outsider.pk]}):
        response = officer.post(reverse("api:event_invite", args=[workshop.pk]), body, content_type="application/json")
        assert response.status_code in (400, 403, 404, 422)
        assert response.json()
