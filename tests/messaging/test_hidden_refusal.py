"""A refusal to start a conversation must not name a person whose profile the asker may not see: the answer is the
same as for a person who does not exist (page and API), for a stranger, a former member of a shared group and a
blocked person alike."""

import re

import pytest

from parvis.messaging.models import Conversation, Message
from parvis.messaging.services import block_create
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member, make_user


@pytest.fixture
def hidden(inhabitant):
    """Camille: profile for the people of her commune (the default), messages from people sharing a group."""
    inhabitant.display_name = "Camille SECRET-NOM"
    inhabitant.handle = "camille"
    inhabitant.save()
    return inhabitant


@pytest.fixture
def askers(hidden, group, outsider, compiegne):
    former = make_user("ancien@example.org", display_name="Ancien", home_commune=compiegne)
    add_member(group, former)
    space_leave(space=group, user=former)
    blocked = make_user("bloque@example.org", display_name="Bloqué", home_commune=compiegne)
    block_create(blocker=hidden, blocked=blocked)
    return {"outsider": outsider, "former member": former, "blocked": blocked}


def same_page(refused: str, unknown: str) -> bool:
    """Equal but for the handle typed and what changes on every request: the CSRF token, the script nonce and the
    key against double submission."""

    def clean(page: str) -> str:
        page = re.sub(r'(nonce|name="submit_key" value)="[^"]*"', "", page)
        return re.sub(r"[A-Za-z0-9]{64}", "", page.replace("personne-inconnue", "camille"))

    return clean(refused) == clean(unknown)


def api_start(client, ids):
    return client.post(
        "/api/v1/conversations", {"participant_ids": ids, "body": "Bonjour"}, content_type="application/json"
    )


@pytest.mark.django_db
def test_refusal_from_a_hidden_profile_is_answered_as_an_unknown_person(client, hidden, askers):
    for who, asker in askers.items():
        client.force_login(asker)
        unknown = api_start(client, [999999])
        refused = api_start(client, [hidden.pk])
        assert (refused.status_code, refused.json()) == (unknown.status_code, unknown.json()) == (404, unknown.json())
        assert "SECRET-NOM" not in refused.content.decode(), who

        unknown_page = client.post("/messages/nouvelle/", {"recipients": "@personne-inconnue", "body": "Bonjour"})
        refused_page = client.post("/messages/nouvelle/", {"recipients": "@camille", "body": "Bonjour"})
        assert refused_page.status_code == unknown_page.status_code == 400, who
        content = refused_page.content.decode()
        assert "SECRET-NOM" not in content, who
        assert same_page(content, unknown_page.content.decode()), who
    assert not Conversation.objects.exists() and not Message.objects.exists()

    client.logout()
    assert "SECRET-NOM" not in api_start(client, [hidden.pk]).content.decode()
