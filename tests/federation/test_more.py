import json

import pytest
from django.conf import settings
from django.test import Client

from parvis.agenda.models import Rsvp, RsvpStatus
from parvis.federation import actors
from parvis.federation.models import BlockedActor, Follower
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import make_event

from .conftest import post_to_inbox

pytestmark = pytest.mark.django_db
BASE = settings.PARVIS_BASE_URL


def test_a_join_from_mobilizon_is_a_participation_request_when_organisers_approve(alix, spaces, inhabitant):
    event = make_event(inhabitant, spaces[Visibility.PUBLIC], "Atelier vélo", approval_required=True)
    join = {
        "id": alix.server.url + "/joins/1",
        "type": "Join",
        "actor": alix.uri,
        "object": f"{BASE}/ap/objets/evenement/{event.pk}",
    }
    assert post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", join)).status_code == 202
    assert Rsvp.objects.get(event=event).status == RsvpStatus.PENDING


def test_a_join_of_a_members_only_event_is_refused(alix, spaces, inhabitant):
    event = make_event(inhabitant, spaces[Visibility.MEMBERS], "Réunion du bureau")
    join = {
        "id": alix.server.url + "/j/2",
        "type": "Join",
        "actor": alix.uri,
        "object": f"{BASE}/ap/objets/evenement/{event.pk}",
    }
    answer = post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", join))
    assert answer.status_code == 400 and not Rsvp.objects.filter(event=event).exists()


def test_undo_follow_stops_deliveries(alix, spaces):
    space = spaces[Visibility.PUBLIC]
    actor = actors.space_actor(space.slug).uri
    follow = {"id": alix.server.url + "/f/1", "type": "Follow", "actor": alix.uri, "object": actor}
    post_to_inbox(
        Client(), f"/ap/espaces/{space.slug}/inbox", alix.signed(f"{BASE}/ap/espaces/{space.slug}/inbox", follow)
    )
    assert Follower.objects.count() == 1
    undo = {"id": alix.server.url + "/f/1/undo", "type": "Undo", "actor": alix.uri, "object": follow}
    post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", undo))
    assert not Follower.objects.exists()


def test_a_blocked_account_is_refused(alix, spaces):
    BlockedActor.objects.create(uri=alix.uri, reason="harcèlement")
    space = spaces[Visibility.PUBLIC]
    follow = {
        "id": alix.server.url + "/f/9",
        "type": "Follow",
        "actor": alix.uri,
        "object": actors.space_actor(space.slug).uri,
    }
    answer = post_to_inbox(Client(), "/ap/inbox", alix.signed(BASE + "/ap/inbox", follow))
    assert answer.status_code == 400 and b"blocked account" in answer.content and not Follower.objects.exists()


def test_the_outbox_holds_public_posts_only(spaces, inhabitant, client):
    space = spaces[Visibility.PUBLIC]
    post_create(author=inhabitant, space=space, body="Le marché est déplacé")
    post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Entre membres seulement")
    outbox = json.loads(client.get(f"/ap/espaces/{space.slug}/outbox").content)
    assert [item["object"]["type"] for item in outbox["orderedItems"]] == ["Note"]
    assert "Entre membres" not in json.dumps(outbox)
    assert client.get(f"/ap/espaces/{spaces[Visibility.MEMBERS].slug}/outbox").status_code == 404


def test_a_person_is_an_actor_only_once_they_said_yes(signed_in, inhabitant, client):
    assert signed_in.get("/profil/fediverse/").status_code == 200
    signed_in.post("/profil/fediverse/", {"enabled": "on"})
    inhabitant.refresh_from_db()
    document = json.loads(Client().get(f"/ap/personnes/{inhabitant.handle}").content)
    assert document["type"] == "Person"
    signed_in.post("/profil/fediverse/", {})
    assert Client().get(f"/ap/personnes/{inhabitant.handle}").status_code == 404
