"""Blocking takes any person's id: its answers must not name someone whose profile is hidden from the blocker."""

import pytest

from parvis.messaging.models import Block
from tests.factories import make_user

HIDDEN_NAME = "SECRET-NOM-MASQUE"


@pytest.fixture
def hidden(compiegne):
    """A person of another commune whose profile is for their contacts only."""
    return make_user(
        "masque@example.org", display_name=HIDDEN_NAME, home_commune=compiegne, profile_visibility="contacts"
    )


@pytest.mark.django_db
def test_blocking_a_hidden_profile_by_its_id_does_not_name_it(client, inhabitant, hidden):
    client.force_login(inhabitant)
    answer = client.post(f"/messages/bloquer/{hidden.pk}/", follow=True).content.decode()
    assert Block.objects.filter(blocker=inhabitant, blocked=hidden).exists()  # the block itself works
    assert HIDDEN_NAME not in answer
    assert "Cette personne est bloquée" in answer
    settings_page = client.get("/messages/reglages/").content.decode()
    assert HIDDEN_NAME not in settings_page
    assert "Une personne dont le profil vous est masqué" in settings_page
    answer = client.post(f"/messages/debloquer/{hidden.pk}/", follow=True).content.decode()
    assert HIDDEN_NAME not in answer
    assert "Cette personne n&#x27;est plus bloquée." in answer
    assert not Block.objects.filter(blocker=inhabitant, blocked=hidden).exists()


@pytest.mark.django_db
def test_a_person_one_talks_with_is_named_when_blocked(client, conversation, inhabitant, neighbour):
    neighbour.profile_visibility = "contacts"
    neighbour.save()
    client.force_login(inhabitant)
    answer = client.post(f"/messages/bloquer/{neighbour.pk}/", follow=True).content.decode()
    assert "Dominique" in answer  # people one talks with are named as before
    assert "Dominique" in client.get("/messages/reglages/").content.decode()
