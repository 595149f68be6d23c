"""A remote account changes its name or key, takes back a reply or a like, deletes itself; and what it wrote here
reads as written from another server."""

import re

import pytest
from django.conf import settings
from django.test import Client

from parvis.accounts.models import User
from parvis.federation import actors
from parvis.federation.models import Follower, Landed, RemoteActor, SeenActivity
from parvis.federation.signatures import new_key_pair
from parvis.posts.models import Comment, Post, Reaction, Status
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility

from .conftest import post_to_inbox

pytestmark = pytest.mark.django_db
BASE = settings.PARVIS_BASE_URL
INBOX = BASE + "/ap/inbox"


def send(alix, activity, **signing):
    return post_to_inbox(Client(), "/ap/inbox", alix.signed(INBOX, activity, **signing))


def reply_and_like(alix, post, number=1):
    note = {
        "id": f"{alix.server.url}/notes/{number}",
        "type": "Note",
        "attributedTo": alix.uri,
        "inReplyTo": f"{BASE}/ap/objets/publication/{post.pk}",
        "content": "<p>Je viendrai</p>",
    }
    assert (
        send(alix, {"id": note["id"] + "/create", "type": "Create", "actor": alix.uri, "object": note}).status_code
        == 202
    )
    like = {"id": f"{alix.server.url}/likes/{number}", "type": "Like", "actor": alix.uri, "object": note["inReplyTo"]}
    assert send(alix, like).status_code == 202
    return note, like


@pytest.fixture
def post(spaces, inhabitant):
    return post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Qui vient au marché ?")


def test_a_remote_reply_shows_its_verified_remote_address_and_a_local_name_cannot_imitate_it(
    alix, post, client, neighbour
):
    reply_and_like(alix, post)
    address = f"@alix@{alix.server.url.removeprefix('http://')}"
    page = client.get(post.get_absolute_url()).content.decode()
    mark = re.search(r'<span class="muted remote-origin">(.*?)</span>', page, re.S)
    assert mark and address in mark.group(1) and f'href="{alix.uri}"' in mark.group(1)
    # A local person naming themselves like a remote account gets no mark.
    neighbour.display_name = f"Faux ({address})"
    neighbour.save()
    from parvis.posts.services import comment_create

    comment_create(author=neighbour, post=post, body="Moi aussi")
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="muted remote-origin"') == 1


def test_a_remote_delete_of_a_reply_deletes_the_comment_and_an_undo_removes_the_like(alix, post):
    note, like = reply_and_like(alix, post)
    comment = Comment.objects.get(post=post)
    assert Post.objects.get(pk=post.pk).comment_count == 1
    delete = {
        "id": note["id"] + "#delete",
        "type": "Delete",
        "actor": alix.uri,
        "object": {"id": note["id"], "type": "Tombstone"},
    }
    assert send(alix, delete).status_code == 202
    comment.refresh_from_db()
    assert comment.status == Status.DELETED and comment.body == ""
    assert Post.objects.get(pk=post.pk).comment_count == 0
    undo = {"id": like["id"] + "/undo", "type": "Undo", "actor": alix.uri, "object": like}
    assert send(alix, undo).status_code == 202
    assert not Reaction.objects.filter(post=post).exists() and not Landed.objects.exists()


def test_a_delete_of_someone_elses_reply_removes_nothing(alix, post, remote_server):
    from .conftest import RemoteAccount

    note, _like = reply_and_like(alix, post)
    other = RemoteAccount(remote_server, "sacha")
    delete = {"id": f"{remote_server.url}/d/1", "type": "Delete", "actor": other.uri, "object": note["id"]}
    assert post_to_inbox(Client(), "/ap/inbox", other.signed(INBOX, delete)).status_code == 202
    assert Comment.objects.get(post=post).status == Status.PUBLISHED


def test_an_update_of_a_remote_account_refreshes_its_name_and_key(alix, post):
    reply_and_like(alix, post)
    new_private, new_public = new_key_pair()
    document = {
        **alix.document,
        "name": "Alix Martin",
        "publicKey": {**alix.document["publicKey"], "publicKeyPem": new_public},
    }
    update = {"id": alix.uri + "#updates/1", "type": "Update", "actor": alix.uri, "object": document}
    assert send(alix, update).status_code == 202
    stored = RemoteActor.objects.get(uri=alix.uri)
    assert stored.name == "Alix Martin" and stored.public_pem == new_public
    assert stored.shadow.display_name.startswith("Alix Martin (@alix@")
    # The new key signs from now on, without a fetch (the served document still holds the old one).
    like = {
        "id": f"{alix.server.url}/likes/9",
        "type": "Like",
        "actor": alix.uri,
        "object": f"{BASE}/ap/objets/publication/{post.pk}",
    }
    fetched = len(alix.server.fetched)
    assert send(alix, like, private_pem=new_private).status_code == 202
    assert len(alix.server.fetched) == fetched


def test_an_update_of_another_account_or_a_malformed_one_is_refused(alix, post, caplog):
    reply_and_like(alix, post)
    for number, document in enumerate(
        [
            {**alix.document, "id": alix.server.url + "/users/sacha", "name": "Pirate"},
            {**alix.document, "name": "Pirate", "publicKey": "not a key"},
        ]
    ):
        update = {"id": f"{alix.uri}#updates/bad{number}", "type": "Update", "actor": alix.uri, "object": document}
        answer = send(alix, update)
        assert answer.status_code == 400
    assert RemoteActor.objects.get(uri=alix.uri).name == "Alix"
    assert not SeenActivity.objects.filter(activity_id__contains="updates/bad").exists()


def test_a_deleted_remote_account_loses_its_follows_and_what_it_left(alix, post, spaces):
    space = spaces[Visibility.PUBLIC]
    follow = {
        "id": alix.server.url + "/f/1",
        "type": "Follow",
        "actor": alix.uri,
        "object": actors.space_actor(space.slug).uri,
    }
    assert send(alix, follow).status_code == 202
    reply_and_like(alix, post)
    shadow = RemoteActor.objects.get(uri=alix.uri).shadow
    # Its document is gone (410) by the time the Delete arrives: the key kept from before verifies it.
    alix.server.serve_json("/users/alix", {"error": "gone"}, status=410)
    delete = {"id": alix.uri + "#delete", "type": "Delete", "actor": alix.uri, "object": alix.uri}
    assert send(alix, delete).status_code == 202
    assert not RemoteActor.objects.exists() and not Follower.objects.exists() and not Landed.objects.exists()
    assert Comment.objects.get(post=post).status == Status.DELETED
    assert not Reaction.objects.filter(post=post).exists()
    shadow = User.objects.get(pk=shadow.pk)
    assert shadow.erased_at is not None and shadow.public_name != "Alix"
    # The same Delete again is a replay.
    assert send(alix, delete).status_code == 400


def test_a_forged_account_deletion_is_refused_and_an_unknown_one_stores_nothing(alix, post):
    reply_and_like(alix, post)
    delete = {"id": alix.uri + "#delete", "type": "Delete", "actor": alix.uri, "object": alix.uri}
    answer = send(alix, delete, private_pem=new_key_pair()[0])
    assert answer.status_code == 401 and RemoteActor.objects.filter(uri=alix.uri).exists()
    assert Comment.objects.get(post=post).status == Status.PUBLISHED
    RemoteActor.objects.all().delete()
    SeenActivity.objects.all().delete()
    fetched = len(alix.server.fetched)
    assert send(alix, delete).status_code == 202
    assert not RemoteActor.objects.exists() and not SeenActivity.objects.exists()
    assert len(alix.server.fetched) == fetched
