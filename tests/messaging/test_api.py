import pytest

from parvis.messaging.models import Conversation, Message


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.mark.django_db
def test_start_read_send_and_mark_read_through_the_api(client, group, inhabitant, neighbour):
    client.force_login(inhabitant)
    created = post(
        client, "/api/v1/conversations", {"participant_ids": [neighbour.pk], "body": "Bonjour", "subject": "Vélo"}
    )
    assert created.status_code == 201
    conversation_id = created.json()["id"]
    assert created.json()["people"] == [{"id": neighbour.pk, "name": "Dominique"}]
    client.force_login(neighbour)
    listed = client.get("/api/v1/conversations").json()
    assert listed["count"] == 1 and listed["items"][0]["unread"] == 1
    sent = post(client, f"/api/v1/conversations/{conversation_id}/messages", {"body": "Salut !"})
    assert sent.status_code == 201
    first_id = Message.objects.filter(conversation_id=conversation_id).order_by("pk").first().pk
    page = client.get(f"/api/v1/conversations/{conversation_id}/messages", {"after": first_id}).json()
    assert [m["body"] for m in page["items"]] == ["Salut !"] and page["has_more"] is False
    limited = client.get(f"/api/v1/conversations/{conversation_id}/messages", {"limit": 1}).json()
    assert [m["body"] for m in limited["items"]] == ["Bonjour"] and limited["has_more"] is True
    assert post(client, f"/api/v1/conversations/{conversation_id}/read").json() == {"unread": 0}


@pytest.mark.django_db
def test_api_errors_are_sentences_with_their_codes(client, group, inhabitant, neighbour, outsider):
    client.force_login(outsider)
    inhabitant.profile_visibility = "everyone"  # a profile the outsider may see: the refusal may name her
    inhabitant.save()
    refused = post(client, "/api/v1/conversations", {"participant_ids": [inhabitant.pk], "body": "Bonjour"})
    assert refused.status_code == 403 and "Camille" in refused.json()["detail"]
    assert post(client, "/api/v1/conversations", {"participant_ids": [999999], "body": "x"}).status_code == 404
    assert post(client, "/api/v1/conversations", {"participant_ids": [], "body": "x"}).status_code == 400
    client.force_login(inhabitant)
    too_long = post(client, "/api/v1/conversations", {"participant_ids": [neighbour.pk], "body": "x" * 5001})
    assert too_long.status_code == 400 and "5000" in too_long.json()["detail"]
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_block_and_unblock_through_the_api(client, conversation, inhabitant, neighbour):
    client.force_login(inhabitant)
    assert client.put(f"/api/v1/conversations/blocks/{neighbour.pk}").json() == {
        "user_id": neighbour.pk,
        "blocked": True,
    }
    assert client.get("/api/v1/conversations/blocks").json() == [{"user_id": neighbour.pk, "blocked": True}]
    assert client.put(f"/api/v1/conversations/blocks/{inhabitant.pk}").status_code == 400
    client.force_login(neighbour)
    refused = post(client, f"/api/v1/conversations/{conversation.pk}/messages", {"body": "Allô ?"})
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(inhabitant)
    assert client.delete(f"/api/v1/conversations/blocks/{neighbour.pk}").json()["blocked"] is False
    client.force_login(neighbour)
    assert post(client, f"/api/v1/conversations/{conversation.pk}/messages", {"body": "Allô ?"}).status_code == 201


@pytest.mark.django_db
def test_too_many_messages_is_a_429(client, settings, conversation, neighbour, rate_limits_on):
    client.force_login(neighbour)
    codes = [
        post(client, f"/api/v1/conversations/{conversation.pk}/messages", {"body": f"n{n}"}).status_code
        for n in range(31)
    ]
    assert codes[:30] == [201] * 30 and codes[30] == 429


@pytest.mark.django_db
def test_preferences_through_the_api(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/api/v1/conversations/preferences").json() == {"who_may_write": "contacts"}
    assert (
        client.put(
            "/api/v1/conversations/preferences", {"who_may_write": "nobody_new"}, content_type="application/json"
        ).status_code
        == 200
    )
    bad = client.put("/api/v1/conversations/preferences", {"who_may_write": "all"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"]
