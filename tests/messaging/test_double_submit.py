"""A message or a new conversation sent twice is sent once."""

import pytest

from parvis.accounts.services import user_handle_assign
from parvis.messaging.models import Conversation

KEY = "m" * 32


@pytest.mark.django_db
def test_a_message_sent_twice_with_the_same_key_is_sent_once(client, conversation, neighbour):
    client.force_login(neighbour)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert 'name="submit_key"' in page
    url = f"/messages/{conversation.pk}/envoyer/"
    first = client.post(url, {"body": "À demain", "submit_key": KEY})
    second = client.post(url, {"body": "À demain", "submit_key": KEY})
    assert conversation.messages.count() == 2  # the first message and this one
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_a_new_conversation_sent_twice_opens_one_with_one_message(client, group, inhabitant, neighbour):
    client.force_login(inhabitant)
    data = {"recipients": f"@{user_handle_assign(user=neighbour)}", "body": "Bonjour", "submit_key": KEY}
    first = client.post("/messages/nouvelle/", data)
    second = client.post("/messages/nouvelle/", data)
    conversation = Conversation.objects.get()
    assert conversation.messages.count() == 1
    assert first["Location"] == second["Location"] == conversation.get_absolute_url()
