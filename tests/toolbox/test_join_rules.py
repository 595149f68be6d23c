"""A group's rules are accepted at joining, its questions answered when asking to join, the answers read by the
administrators with the request."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parvis.spaces.models import Membership, MembershipStatus
from parvis.spaces.services.memberships import space_join, space_rules_set
from tests.factories import api_client

RULES = "Bienveillance. Pas de publicité."


@pytest.fixture
def ruled(spaces, inhabitant):
    return space_rules_set(
        actor=inhabitant, space=spaces["members"], rules=RULES, questions=["Dans quelle rue habitez-vous ?"]
    )


def test_joining_without_accepting_the_rules_is_refused(ruled, neighbour):
    with pytest.raises(ValidationError) as refused:
        space_join(space=ruled, user=neighbour, answers=["Rue Racine"])
    assert "rules" in " ".join(refused.value.messages)
    assert not Membership.objects.filter(user=neighbour).exists()


def test_an_unanswered_question_is_refused_with_the_question(ruled, neighbour):
    with pytest.raises(ValidationError) as refused:
        space_join(space=ruled, user=neighbour, answers=["  "], accept_rules=True)
    assert "Dans quelle rue" in " ".join(refused.value.messages)


def test_the_join_page_shows_the_rules_and_the_admins_read_the_answers(client, ruled, inhabitant, neighbour):
    client.force_login(neighbour)
    page = client.get(reverse("spaces:join", args=[ruled.slug])).content.decode()
    assert "Pas de publicité" in page and "Dans quelle rue habitez-vous ?" in page
    refused = client.post(reverse("spaces:join", args=[ruled.slug]), {"answer_0": "Rue Racine"})
    assert refused.status_code == 400 and not Membership.objects.filter(user=neighbour).exists()
    client.post(reverse("spaces:join", args=[ruled.slug]), {"answer_0": "Rue Racine", "accept_rules": "on"})
    membership = Membership.objects.get(user=neighbour, space=ruled)
    assert membership.status == MembershipStatus.REQUESTED and membership.rules_accepted_at is not None
    client.force_login(inhabitant)
    members_page = client.get(reverse("spaces:members", args=[ruled.slug])).content.decode()
    assert "Rue Racine" in members_page


def test_the_answers_are_for_the_administrators_only(client, ruled, neighbour, inhabitant):
    from tests.factories import add_member, make_user

    space_join(space=ruled, user=neighbour, answers=["Rue Racine"], accept_rules=True)
    member = make_user("membre@example.org", display_name="Membre")
    add_member(ruled, member)
    client.force_login(member)
    assert client.get(reverse("spaces:members", args=[ruled.slug])).status_code in (403, 404)


def test_joining_by_api_needs_the_rules_accepted(ruled, neighbour):
    api = api_client(neighbour)
    refused = api.post(reverse("api:space_join", args=[ruled.slug]), {}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"]
    joined = api.post(
        reverse("api:space_join", args=[ruled.slug]),
        {"answers": ["Rue Racine"], "accept_rules": True},
        content_type="application/json",
    )
    assert joined.status_code == 200 and joined.json()["status"] == "requested"


def test_a_group_without_rules_is_joined_in_one_click_as_before(client, spaces, neighbour):
    client.force_login(neighbour)
    client.post(reverse("spaces:join", args=[spaces["public"].slug]))
    assert Membership.objects.get(user=neighbour, space=spaces["public"]).status == MembershipStatus.ACTIVE


def test_more_than_three_questions_are_refused(spaces, inhabitant):
    with pytest.raises(ValidationError):
        space_rules_set(actor=inhabitant, space=spaces["members"], rules="", questions=["a ?", "b ?", "c ?", "d ?"])
