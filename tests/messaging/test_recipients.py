"""Writing to someone starts from their name: the form proposes only the people one may write to, by name, and
never someone whose profile one may not see; a profile shows "Write a message" only when the person accepts it."""

import pytest
from django.urls import reverse

from parvis.accounts.models import ProfileVisibility
from parvis.messaging.models import Block, Conversation, MessagingPreference, WhoMayWrite
from tests.conftest import make_user
from tests.factories import add_member

NEW = "/messages/nouvelle/"


def suggested(client, query: str) -> str:
    return client.get(NEW, {"q": query}, headers={"HX-Request": "true"}).content.decode()


@pytest.fixture
def people(group, beauvais, compiegne):
    """Four people called Martin, of whom the inhabitant may write to two."""
    mate = make_user("mate@example.org", display_name="Camille Martin", handle="camille-m", home_commune=beauvais)
    add_member(group, mate)  # shares the inhabitant's group: the default lets them write
    open_door = make_user(
        "open@example.org",
        display_name="Dominique Martin",
        home_commune=compiegne,
        profile_visibility=ProfileVisibility.EVERYONE,
    )
    MessagingPreference.objects.create(user=open_door, who_may_write=WhoMayWrite.ANYONE)
    closed = make_user("closed@example.org", display_name="Eden Martin", home_commune=beauvais)
    add_member(group, closed)
    MessagingPreference.objects.create(user=closed, who_may_write=WhoMayWrite.NOBODY_NEW)
    hidden = make_user(
        "hidden@example.org",
        display_name="Frédérique Martin",
        home_commune=compiegne,
        profile_visibility=ProfileVisibility.CONTACTS,
    )
    MessagingPreference.objects.create(user=hidden, who_may_write=WhoMayWrite.ANYONE)
    return {"mate": mate, "open": open_door, "closed": closed, "hidden": hidden}


@pytest.mark.django_db
def test_suggestions_are_the_people_one_may_write_to_and_no_one_else(signed_in, people, english):
    html = suggested(signed_in, "martin")
    assert "Camille Martin" in html and "@camille-m" in html
    assert "Dominique Martin" in html  # accepts anyone signed in
    assert "Eden Martin" not in html  # takes nobody new
    assert "Frédérique Martin" not in html  # would accept, but hides their profile from the inhabitant
    assert f'value="{people["hidden"].pk}"' not in html


@pytest.mark.django_db
def test_blocks_either_way_remove_people_from_the_suggestions(signed_in, inhabitant, people, english):
    Block.objects.create(blocker=people["open"], blocked=inhabitant)
    Block.objects.create(blocker=inhabitant, blocked=people["mate"])
    html = suggested(signed_in, "martin")
    assert "Dominique Martin" not in html and "Camille Martin" not in html


@pytest.mark.django_db
def test_one_letter_or_an_unknown_name_proposes_nobody_and_says_why(signed_in, people, english):
    assert "Martin" not in suggested(signed_in, "m")
    assert "Nobody you may write to is called" in suggested(signed_in, "Zébulon")


@pytest.mark.django_db
def test_without_javascript_search_keeps_what_was_typed_and_sends_to_the_person_ticked(
    signed_in, inhabitant, people, english
):
    response = signed_in.post(NEW, {"q": "camille", "search": "1", "body": "Bonjour Camille !", "subject": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bonjour Camille !" in html and "Camille Martin" in html
    assert not Conversation.objects.exists()
    response = signed_in.post(NEW, {"a": [people["mate"].pk], "body": "Bonjour Camille !", "subject": ""})
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert set(conversation.participants.values_list("user_id", flat=True)) == {inhabitant.pk, people["mate"].pk}


@pytest.mark.django_db
def test_a_search_too_long_gets_a_sentence(signed_in, people, english):
    response = signed_in.post(NEW, {"q": "m" * 200, "search": "1", "body": ""})
    assert response.status_code == 200
    assert "at most 80 characters" in response.content.decode()


@pytest.mark.django_db
def test_profile_shows_the_handle_and_write_only_to_whom_accepts(client, inhabitant, people, english):
    client.force_login(inhabitant)
    mate = client.get(reverse("accounts:profile", args=[people["mate"].pk])).content.decode()
    assert "@camille-m" in mate and "Write a message" in mate
    closed = client.get(reverse("accounts:profile", args=[people["closed"].pk])).content.decode()
    assert "Write a message" not in closed
