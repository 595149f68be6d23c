"""Signed GETs ("authorized fetch"): both ways."""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client

from parvis.federation import actors, remote
from parvis.federation.models import ActorKey, ActorKind, BlockedDomain, RemoteActor
from parvis.federation.signatures import verify
from parvis.spaces.models import Visibility

pytestmark = pytest.mark.django_db
BASE = settings.PARVIS_BASE_URL


@pytest.fixture
def authorized_fetch(settings):
    settings.PARVIS_FEDERATION_AUTHORIZED_FETCH = True


def test_an_unsigned_get_is_refused_when_the_site_demands_signatures(authorized_fetch, spaces, caplog):
    space = spaces[Visibility.PUBLIC]
    with caplog.at_level(logging.WARNING, logger="parvis.federation"):
        for path in (f"/ap/espaces/{space.slug}", f"/ap/espaces/{space.slug}/outbox", "/ap/objets/publication/1"):
            answer = Client().get(path, HTTP_ACCEPT="application/activity+json")
            assert answer.status_code == 401, path
    assert any(getattr(r, "reason", "") == "a signed request is required" for r in caplog.records)
    # What a server needs to find an actor and to check our own signatures stays open.
    assert Client().get("/ap/instance").status_code == 200
    resource = f"acct:{space.slug}@{actors.host()}"
    assert Client().get("/.well-known/webfinger", {"resource": resource}).status_code == 200
    assert Client().get("/nodeinfo/2.0").status_code == 200
    # A browser is sent to the page, which has its own visibility rule.
    assert Client().get(f"/ap/espaces/{space.slug}", HTTP_ACCEPT="text/html").status_code == 302
    # Asking for HTML where the answer is JSON anyway gets no way round.
    assert Client().get(f"/ap/espaces/{space.slug}/outbox", HTTP_ACCEPT="text/html").status_code == 401


def test_a_get_signed_by_a_remote_account_is_answered(authorized_fetch, spaces, alix):
    space = spaces[Visibility.PUBLIC]
    path = f"/ap/espaces/{space.slug}"
    answer = Client().get(path, HTTP_ACCEPT="application/activity+json", **alix.signed_get(BASE + path))
    assert answer.status_code == 200 and json.loads(answer.content)["type"] == "Group"
    assert RemoteActor.objects.filter(uri=alix.uri).exists()


def test_a_forged_get_signature_is_refused_and_nothing_stored(spaces, alix):
    # Refused even when the site does not demand signatures: a false one is never read as an anonymous request.
    from parvis.federation.signatures import new_key_pair

    space = spaces[Visibility.PUBLIC]
    path = f"/ap/espaces/{space.slug}"
    forged = alix.signed_get(BASE + path, private_pem=new_key_pair()[0])
    answer = Client().get(path, HTTP_ACCEPT="application/activity+json", **forged)
    assert answer.status_code == 401 and b"signature" in answer.content
    assert not RemoteActor.objects.exists()


def test_a_get_signed_by_a_blocked_instance_is_refused_without_fetching_its_key(spaces, alix, caplog):
    BlockedDomain.objects.create(domain="127.0.0.1")
    space = spaces[Visibility.PUBLIC]
    path = f"/ap/espaces/{space.slug}/outbox"
    with caplog.at_level(logging.WARNING, logger="parvis.federation"):
        answer = Client().get(path, HTTP_ACCEPT="application/activity+json", **alix.signed_get(BASE + path))
    assert answer.status_code == 403
    assert any(getattr(r, "reason", "").startswith("blocked instance") for r in caplog.records)
    assert alix.server.fetched == [] and not RemoteActor.objects.exists()
    # Unsigned, the same public document is answered while the site does not demand signatures.
    assert Client().get(path, HTTP_ACCEPT="application/activity+json").status_code == 200


def test_the_gets_this_site_makes_are_signed_by_its_instance_actor(alix):
    remote.actor(alix.uri)
    path, headers = alix.server.fetched[-1]
    lower = {name.lower(): value for name, value in headers.items()}
    instance = actors.instance_actor()
    assert lower["signature"].startswith(f'keyId="{instance.key_id}"')
    public_pem = ActorKey.objects.get(actor_kind=ActorKind.INSTANCE, actor_id=0).public_pem
    verify(method="GET", path=path, headers=lower, body=b"", public_pem=public_pem)
    document = json.loads(Client().get("/ap/instance").content)
    assert document["type"] == "Application" and document["publicKey"]["publicKeyPem"] == public_pem
