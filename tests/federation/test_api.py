"""The operator's read API of federation (/api/v1/federation/)."""

import pytest
from django.test import Client

from parvis.accounts.models import ApiScope
from parvis.accounts.services import api_token_create
from parvis.federation.models import ActorKind, BlockedActor, Delivery, DeliveryState, Follower
from parvis.federation.services import instance_block
from parvis.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def reader(user) -> Client:
    _token, raw = api_token_create(user=user, name="lecture", scope=ApiScope.READ)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def records(alix, spaces, operator):
    space = spaces[Visibility.PUBLIC]
    remote = alix.cached()
    Follower.objects.create(actor_kind=ActorKind.SPACE, actor_id=space.pk, remote=remote, follow_id=alix.uri + "/f")
    for number, state in enumerate([DeliveryState.SENT, DeliveryState.FAILED]):
        Delivery.objects.create(
            activity_id=f"https://ici/a/{number}",
            activity_type="Create",
            actor_kind=ActorKind.SPACE,
            actor_id=space.pk,
            inbox=alix.inbox,
            body={"secret": "not listed"},
            state=state,
            last_error="HTTP 500" if state == DeliveryState.FAILED else "",
        )
    instance_block(operator=operator, domain="spam.example", reason="pourriel")
    BlockedActor.objects.create(uri="https://ailleurs.example/users/troll", reason="harcèlement")
    return space


def test_the_operator_reads_followers_deliveries_and_blocks(records, operator, alix, django_assert_max_num_queries):
    client = reader(operator)
    with django_assert_max_num_queries(12):
        followers = client.get(f"/api/v1/federation/spaces/{records.slug}/followers")
    assert followers.status_code == 200
    item = followers.json()["items"][0]
    assert item["uri"] == alix.uri and item["address"].startswith("@alix@")
    deliveries = client.get("/api/v1/federation/deliveries", {"state": "failed"}).json()["items"]
    assert [d["last_error"] for d in deliveries] == ["HTTP 500"] and "body" not in deliveries[0]
    assert client.get("/api/v1/federation/deliveries").json()["count"] == 2
    blocks = client.get("/api/v1/federation/blocks").json()
    assert [b["domain"] for b in blocks["instances"]] == ["spam.example"]
    assert [b["uri"] for b in blocks["accounts"]] == ["https://ailleurs.example/users/troll"]
    assert client.get("/api/v1/federation/deliveries", {"state": "nimporte"}).status_code == 400
    assert client.get("/api/v1/federation/spaces/aucun-espace/followers").status_code == 404


def test_anyone_else_is_refused(records, inhabitant):
    client = reader(inhabitant)  # the space's own owner: a follower list tells who reads a group
    for path in (f"/api/v1/federation/spaces/{records.slug}/followers", "/api/v1/federation/deliveries"):
        assert client.get(path).status_code == 403
    assert client.get("/api/v1/federation/blocks").status_code == 403
    assert Client().get("/api/v1/federation/blocks").status_code == 401
