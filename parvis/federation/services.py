"""Writes with a rule: a person's choice, the operator's blocks, and what a local actor sends of its own accord
(following a remote account, answering a remote object)."""

import uuid
from urllib.parse import quote

from django.db import transaction
from django.utils import timezone

from parvis.accounts.services import user_handle_assign
from parvis.core.audit import audit

from . import remote
from .actors import AS_CONTEXT, PUBLIC, LocalActor
from .models import BlockedActor, BlockedDomain, FederationVerb, Follower, Following, PersonActor
from .outgoing import send_activity


@transaction.atomic
def person_federation_set(*, user, enabled: bool) -> PersonActor:
    """A person says whether their public posts may be followed from the fediverse (their @handle is the name)."""
    if enabled:
        user_handle_assign(user=user)
    choice, _ = PersonActor.objects.update_or_create(user=user, defaults={"enabled": enabled})
    if not enabled:
        Follower.objects.filter(actor_kind="person", actor_id=user.pk).delete()
    return choice


def resolve_address(address: str) -> str:
    """The actor URI of `@name@host` (through the host's WebFinger) or of a URI given as is."""
    if address.startswith(("http://", "https://")):
        return address
    name, _, domain = address.lstrip("@").partition("@")
    if not name or not domain:
        raise remote.Refused(f"not an address: {address[:100]}")
    scheme = "http" if domain.startswith("127.0.0.1") else "https"
    document = remote.fetch_json(f"{scheme}://{domain}/.well-known/webfinger?resource=acct:{quote(name)}@{domain}")
    for link in document.get("links", []) if isinstance(document.get("links"), list) else []:
        if isinstance(link, dict) and link.get("rel") == "self" and isinstance(link.get("href"), str):
            return link["href"]
    raise remote.Refused(f"no actor for {address[:100]}")


@transaction.atomic
def remote_follow(*, actor: LocalActor, address: str) -> Following:
    followed = remote.actor(resolve_address(address))
    existing = Following.objects.filter(actor_kind=actor.kind, actor_id=actor.pk, remote=followed).first()
    if existing:
        return existing
    follow_id = f"{actor.uri}#follows/{uuid.uuid4().hex}"
    following = Following.objects.create(actor_kind=actor.kind, actor_id=actor.pk, remote=followed, follow_id=follow_id)
    activity = {"@context": AS_CONTEXT, "id": follow_id, "type": "Follow", "actor": actor.uri, "object": followed.uri}
    send_activity(actor=actor, inbox=followed.inbox, activity=activity)
    return following


@transaction.atomic
def remote_reply(*, actor: LocalActor, object_uri: str, text: str) -> str:
    """A public answer of a local actor to a remote object, sent to the object's author."""
    document = remote.fetch_json(object_uri)
    author = document.get("attributedTo")
    if not isinstance(author, str):
        raise remote.Refused("the object has no author")
    to = remote.actor(author)
    note_id = f"{actor.uri}#notes/{uuid.uuid4().hex}"
    note = {
        "id": note_id,
        "type": "Note",
        "attributedTo": actor.uri,
        "inReplyTo": object_uri,
        "content": text,
        "published": timezone.now().isoformat(),
        "to": [PUBLIC, to.uri],
    }
    activity = {
        "@context": AS_CONTEXT,
        "id": f"{note_id}/create",
        "type": "Create",
        "actor": actor.uri,
        "to": [PUBLIC, to.uri],
        "object": note,
    }
    send_activity(actor=actor, inbox=to.inbox, activity=activity)
    return note_id


@transaction.atomic
def instance_block(*, operator, domain: str, reason: str = "") -> BlockedDomain:
    blocked, _ = BlockedDomain.objects.update_or_create(domain=domain.strip().lower(), defaults={"reason": reason})
    Follower.objects.filter(remote__domain=blocked.domain).delete()
    audit(actor=operator, verb=FederationVerb.INSTANCE_BLOCKED, target=blocked, reason=reason)
    return blocked


@transaction.atomic
def remote_account_block(*, operator, uri: str, reason: str = "") -> BlockedActor:
    blocked, _ = BlockedActor.objects.update_or_create(uri=uri.strip(), defaults={"reason": reason})
    Follower.objects.filter(remote__uri=blocked.uri).delete()
    audit(actor=operator, verb=FederationVerb.ACCOUNT_BLOCKED, target=blocked, reason=reason)
    return blocked
