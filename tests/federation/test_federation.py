import json
import logging
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from parvis.federation import actors
from parvis.federation.models import (
    BlockedDomain,
    Delivery,
    DeliveryState,
    Follower,
    RemoteActor,
    SeenActivity,
)
from parvis.federation.outgoing import deliver, sync
from parvis.federation.serialise import NotPublic, serialise
from parvis.federation.signatures import SignatureError, sign, verify
from parvis.posts.models import Comment, Reaction
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import make_event

from .conftest import post_to_inbox

pytestmark = pytest.mark.django_db
BASE = settings.PARVIS_BASE_URL


def space_inbox(space) -> str:
    return f"/ap/espaces/{space.slug}/inbox"


def follow(alix, space, client, activity_id="/follows/1"):
    activity = {
        "id": alix.server.url + activity_id,
        "type": "Follow",
        "actor": alix.uri,
        "object": actors.space_actor(space.slug).uri,
    }
    return post_to_inbox(client, space_inbox(space), alix.signed(BASE + space_inbox(space), activity))


# --- Signatures -------------------------------------------------------------------------------------------------


def test_a_signed_request_verifies_and_any_change_is_refused(alix):
    body = b'{"type": "Follow"}'
    headers = sign(method="POST", url=f"{BASE}/ap/inbox", body=body, key_id=alix.uri, private_pem=alix.private_pem)
    lower = {name.lower(): value for name, value in headers.items()}
    verify(method="POST", path="/ap/inbox", headers=lower, body=body, public_pem=alix.public_pem)
    with pytest.raises(SignatureError, match="Digest"):
        verify(method="POST", path="/ap/inbox", headers=lower, body=b'{"type": "Like"}', public_pem=alix.public_pem)
    with pytest.raises(SignatureError, match="does not match"):
        verify(method="POST", path="/ap/other", headers=lower, body=body, public_pem=alix.public_pem)
    stale = {**lower, "date": "Mon, 01 Jan 2024 10:00:00 GMT"}
    with pytest.raises(SignatureError):
        verify(method="POST", path="/ap/inbox", headers=stale, body=body, public_pem=alix.public_pem)


# --- Discovery --------------------------------------------------------------------------------------------------


def test_webfinger_and_actor_of_a_public_space_and_none_for_a_private_one(client, spaces):
    public = spaces[Visibility.PUBLIC]
    answer = client.get("/.well-known/webfinger", {"resource": f"acct:{public.slug}@{actors.host()}"})
    assert answer.status_code == 200
    href = next(link["href"] for link in answer.json()["links"] if link["rel"] == "self")
    document = json.loads(client.get(href.removeprefix(BASE), HTTP_ACCEPT="application/activity+json").content)
    assert document["type"] == "Group" and document["preferredUsername"] == public.slug
    assert "BEGIN PUBLIC KEY" in document["publicKey"]["publicKeyPem"]
    for visibility in (Visibility.MEMBERS, Visibility.SECRET):
        private = spaces[visibility]
        resource = f"acct:{private.slug}@{actors.host()}"
        assert client.get("/.well-known/webfinger", {"resource": resource}).status_code == 404
        assert client.get(f"/ap/espaces/{private.slug}").status_code == 404
    assert client.get("/.well-known/webfinger", {"resource": "nonsense"}).status_code == 400


def test_nodeinfo_says_activitypub(client):
    href = client.get("/.well-known/nodeinfo").json()["links"][0]["href"]
    document = client.get(href.removeprefix(BASE)).json()
    assert document["version"] == "2.0" and document["protocols"] == ["activitypub"]


# --- Serialisation ----------------------------------------------------------------------------------------------


def test_a_public_event_is_an_event_with_place_time_and_join_mode(inhabitant, spaces):
    event = make_event(
        inhabitant,
        spaces[Visibility.PUBLIC],
        "Fête de quartier",
        venue_name="Place Jeanne-Hachette",
        address="Place Jeanne-Hachette, Beauvais",
        latitude=Decimal("49.4300"),
        longitude=Decimal("2.0800"),
        approval_required=True,
    )
    document = serialise("event", event.pk)
    assert document["type"] == "Event" and document["name"] == "Fête de quartier"
    assert document["startTime"].startswith(event.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))
    assert document["location"]["name"] == "Place Jeanne-Hachette"
    assert document["location"]["latitude"] == pytest.approx(49.43)
    assert document["joinMode"] == "restricted" and document["participantCount"] == 0


def test_members_only_and_secret_content_is_never_serialised(inhabitant, spaces, client):
    for visibility in (Visibility.MEMBERS, Visibility.SECRET):
        post = post_create(author=inhabitant, space=spaces[visibility], body="Réservé aux membres")
        event = make_event(inhabitant, spaces[visibility], "Réunion privée")
        for kind, word, pk in (("post", "publication", post.pk), ("event", "evenement", event.pk)):
            with pytest.raises(NotPublic):
                serialise(kind, pk)
            assert client.get(f"/ap/objets/{word}/{pk}").status_code == 404


# --- Inbox ------------------------------------------------------------------------------------------------------


def test_a_follow_is_accepted_and_public_content_is_delivered(alix, spaces, inhabitant, committed):
    space = spaces[Visibility.PUBLIC]
    assert follow(alix, space, Client()).status_code == 202
    assert Follower.objects.filter(remote__uri=alix.uri, actor_id=space.pk).exists()
    accept = json.loads(alix.server.received[-1][2])
    assert accept["type"] == "Accept" and accept["object"]["actor"] == alix.uri
    # The Accept was signed by the space: the remote server can check it with the key the actor document gives.
    path, headers, body = alix.server.received[-1]
    lower = {name.lower(): value for name, value in headers.items()}
    public_pem = actors.document(actors.space_actor(space.slug))["publicKey"]["publicKeyPem"]
    verify(method="POST", path=path, headers=lower, body=body, public_pem=public_pem)

    with committed():
        post_create(author=inhabitant, space=space, body="Bonjour le fédivers")
    created = json.loads(alix.server.received[-1][2])
    assert created["type"] == "Create" and created["object"]["type"] == "Note"
    assert "Bonjour le fédivers" in created["object"]["content"]
    count = len(alix.server.received)
    with committed():
        post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Entre membres")
    assert len(alix.server.received) == count
    assert not any("Entre membres" in json.dumps(d.body) for d in Delivery.objects.all())


def test_a_forged_signature_is_refused_and_nothing_stored(alix, spaces, remote_server):
    alix.cached()
    other_private, _ = __import__("parvis.federation.signatures", fromlist=["x"]).new_key_pair()
    space = spaces[Visibility.PUBLIC]
    activity = {
        "id": alix.server.url + "/f/2",
        "type": "Follow",
        "actor": alix.uri,
        "object": actors.space_actor(space.slug).uri,
    }
    answer = post_to_inbox(
        Client(), space_inbox(space), alix.signed(BASE + space_inbox(space), activity, private_pem=other_private)
    )
    assert answer.status_code == 401
    assert not Follower.objects.exists() and not SeenActivity.objects.exists()


def test_a_replayed_activity_is_refused(alix, spaces):
    space = spaces[Visibility.PUBLIC]
    activity = {
        "id": alix.server.url + "/f/3",
        "type": "Follow",
        "actor": alix.uri,
        "object": actors.space_actor(space.slug).uri,
    }
    signed = alix.signed(BASE + space_inbox(space), activity)
    assert post_to_inbox(Client(), space_inbox(space), signed).status_code == 202
    again = post_to_inbox(Client(), space_inbox(space), signed)
    assert again.status_code == 400 and b"replayed" in again.content


def test_a_blocked_instance_is_refused_without_being_fetched(alix, spaces):
    BlockedDomain.objects.create(domain="127.0.0.1")
    answer = follow(alix, spaces[Visibility.PUBLIC], Client())
    assert answer.status_code == 400 and b"blocked instance" in answer.content
    assert not RemoteActor.objects.exists() and not Follower.objects.exists()


def test_a_huge_or_malformed_actor_document_is_refused(alix, spaces, remote_server, caplog):
    space = spaces[Visibility.PUBLIC]
    for number, (document, reason) in enumerate(
        [
            (b"{" + b" " * (300 * 1024) + b"}", "too large"),
            (b"not json at all", "not JSON"),
            ({**alix.document, "publicKey": "nope"}, "no public key"),
            ({**alix.document, "id": "https://elsewhere.example/users/alix"}, "id is not its address"),
        ]
    ):
        remote_server.serve_json("/users/alix", document)
        with caplog.at_level(logging.WARNING, logger="parvis.federation"):
            answer = follow(alix, space, Client(), f"/f/{number + 10}")
        assert answer.status_code == 400 and reason in answer.content.decode()
        assert reason in caplog.records[-1].reason
    assert not RemoteActor.objects.exists() and not Follower.objects.exists() and not SeenActivity.objects.exists()


def test_a_huge_body_is_refused(alix, spaces):
    space = spaces[Visibility.PUBLIC]
    activity = {"id": alix.server.url + "/f/7", "type": "Follow", "actor": alix.uri, "object": "x" * 300_000}
    answer = post_to_inbox(Client(), space_inbox(space), alix.signed(BASE + space_inbox(space), activity))
    assert answer.status_code == 413


def test_a_reply_lands_as_a_sanitised_comment_and_a_like_as_a_reaction(alix, spaces, inhabitant):
    space = spaces[Visibility.PUBLIC]
    post = post_create(author=inhabitant, space=space, body="Qui vient au marché ?")
    note = {
        "id": alix.server.url + "/notes/1",
        "type": "Note",
        "attributedTo": alix.uri,
        "inReplyTo": f"{BASE}/ap/objets/publication/{post.pk}",
        "content": "<p>Moi !<script>alert(1)</script></p>",
    }
    create = {"id": alix.server.url + "/notes/1/create", "type": "Create", "actor": alix.uri, "object": note}
    assert post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", create)).status_code == 202
    comment = Comment.objects.get(post=post)
    assert "Moi !" in comment.body_html and "<script" not in comment.body_html
    assert "@alix@127.0.0.1" in comment.author.display_name
    like = {"id": alix.server.url + "/likes/1", "type": "Like", "actor": alix.uri, "object": note["inReplyTo"]}
    assert post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", like)).status_code == 202
    assert Reaction.objects.filter(post=post, user=comment.author).exists()


def test_a_reply_to_a_members_only_post_is_refused(alix, spaces, inhabitant):
    post = post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Entre nous")
    note = {
        "id": alix.server.url + "/n/2",
        "type": "Note",
        "attributedTo": alix.uri,
        "inReplyTo": f"{BASE}/ap/objets/publication/{post.pk}",
        "content": "Coucou",
    }
    create = {"id": alix.server.url + "/n/2/c", "type": "Create", "actor": alix.uri, "object": note}
    answer = post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", create))
    assert answer.status_code in {202, 400}
    assert not Comment.objects.filter(post=post).exists()


# --- Delivery ---------------------------------------------------------------------------------------------------


def test_a_failed_delivery_is_retried_later_with_growing_delays(alix, spaces, inhabitant, remote_server, committed):
    space = spaces[Visibility.PUBLIC]
    follow(alix, space, Client())
    Follower.objects.update()
    RemoteActor.objects.update(inbox=remote_server.url.replace("127.0.0.1", "127.0.0.1") + "/closed/inbox")
    remote_server.httpd.RequestHandlerClass.do_POST = lambda self: (self.send_response(503), self.end_headers())
    with committed():
        post_create(author=inhabitant, space=space, body="Une annonce")
    delivery = Delivery.objects.get(activity_type="Create")
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    first = delivery.next_attempt_at - timezone.now()
    with committed():
        deliver.call(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at - timezone.now() > first + timedelta(seconds=30)


def test_content_that_stopped_being_public_is_withheld_at_send_time_and_deleted(alix, spaces, inhabitant, committed):
    space = spaces[Visibility.PUBLIC]
    follow(alix, space, Client())
    with committed():
        post = post_create(author=inhabitant, space=space, body="Bientôt privé")
    space.visibility = Visibility.MEMBERS
    space.save()
    with committed():
        sync.call(kind="post", object_id=post.pk)
    last = json.loads(alix.server.received[-1][2])
    assert last["type"] == "Delete" and "Bientôt privé" not in json.dumps(last)
