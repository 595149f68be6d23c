"""Local actors: public spaces are Groups (Organizations for a shop's or an institution's page), people who said
yes are Persons. Only what an anonymous visitor may read is an actor: a members-only or secret space has no actor
at all."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from parvis.accounts.models import User
from parvis.spaces.models import OrganisationKind, Space

from .models import ActorKey, ActorKind, PersonActor
from .signatures import new_key_pair

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def base_url() -> str:
    return settings.PARVIS_BASE_URL


def host() -> str:
    return urlsplit(settings.PARVIS_BASE_URL).netloc


def absolute(path: str) -> str:
    return base_url() + path


@dataclass(frozen=True)
class LocalActor:
    kind: str
    obj: object

    @property
    def pk(self) -> int:
        return 0 if self.kind == ActorKind.INSTANCE else self.obj.pk

    @property
    def username(self) -> str:
        if self.kind == ActorKind.INSTANCE:
            return host().split(":")[0]
        return self.obj.slug if self.kind == ActorKind.SPACE else self.obj.handle

    @property
    def uri(self) -> str:
        if self.kind == ActorKind.INSTANCE:
            return absolute(reverse("federation:instance_actor"))
        name = "federation:space_actor" if self.kind == ActorKind.SPACE else "federation:person_actor"
        return absolute(reverse(name, args=[self.username]))

    @property
    def key_id(self) -> str:
        return self.uri + "#main-key"

    @property
    def address(self) -> str:
        return f"@{self.username}@{host()}"


def public_spaces():
    """Spaces that are actors: those an anonymous visitor reads (public, not suspended)."""
    return Space.objects.readable_by(None)


def space_actor(slug: str) -> LocalActor | None:
    space = public_spaces().filter(slug=slug).first()
    return LocalActor(ActorKind.SPACE, space) if space else None


def person_actor(handle: str) -> LocalActor | None:
    user = (
        User.objects.filter(handle=handle, is_active=True, federation_choice__enabled=True, remote_actor__isnull=True)
        .exclude(handle=None)
        .first()
    )
    return LocalActor(ActorKind.PERSON, user) if user else None


def instance_actor() -> LocalActor:
    """The site itself, which signs the GETs it makes (servers that demand "authorized fetch" answer only those)."""
    return LocalActor(ActorKind.INSTANCE, None)


def actor_by_name(name: str) -> LocalActor | None:
    return space_actor(name) or person_actor(name)


def actor_by_key(kind: str, pk: int) -> LocalActor | None:
    """The actor still, now: a space that became members-only, a person who said no, is no actor any more."""
    if kind == ActorKind.SPACE:
        space = public_spaces().filter(pk=pk).first()
        return LocalActor(kind, space) if space else None
    choice = PersonActor.objects.filter(user_id=pk, enabled=True, user__is_active=True).select_related("user").first()
    if choice is None or not choice.user.handle:
        return None
    return LocalActor(kind, choice.user)


def key_pair(actor: LocalActor, *, using: str = "default") -> ActorKey:
    """The actor's keys, made on first use (a 2048-bit RSA key takes a fraction of a second)."""
    keys = ActorKey.objects.using(using)
    found = keys.filter(actor_kind=actor.kind, actor_id=actor.pk).first()
    if found:
        return found
    private_pem, public_pem = new_key_pair()
    try:
        with transaction.atomic(using=using):
            return keys.create(actor_kind=actor.kind, actor_id=actor.pk, private_pem=private_pem, public_pem=public_pem)
    except IntegrityError:  # made meanwhile by another request
        return keys.get(actor_kind=actor.kind, actor_id=actor.pk)


def actor_type(actor: LocalActor) -> str:
    """An association's space is a Group, as Mobilizon's groups are (they follow its events as a group's); a shop,
    a town hall, a landlord's page is an Organization; any other public space a Group."""
    if actor.kind == ActorKind.PERSON:
        return "Person"
    if actor.kind == ActorKind.INSTANCE:
        return "Application"
    space = actor.obj
    return (
        "Organization" if space.is_organisation and space.organisation_kind != OrganisationKind.ASSOCIATION else "Group"
    )


def document(actor: LocalActor) -> dict:
    """The actor's ActivityStreams document."""
    uri = actor.uri
    if actor.kind == ActorKind.SPACE:
        name, summary, url = actor.obj.name, actor.obj.description, absolute(actor.obj.get_absolute_url())
    elif actor.kind == ActorKind.INSTANCE:
        name, summary, url = settings.PARVIS_SITE_NAME, "", base_url() + "/"
    else:
        name, summary, url = str(actor.obj), "", uri
    found = {
        "@context": [AS_CONTEXT, SECURITY_CONTEXT],
        "id": uri,
        "type": actor_type(actor),
        "preferredUsername": actor.username,
        "name": name,
        "summary": summary,
        "url": url,
        "inbox": uri + "/inbox",
        "outbox": uri + "/outbox",
        "followers": uri + "/followers",
        "endpoints": {"sharedInbox": absolute(reverse("federation:shared_inbox"))},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {"id": actor.key_id, "owner": uri, "publicKeyPem": key_pair(actor).public_pem},
    }
    if actor.kind == ActorKind.INSTANCE:
        # It publishes nothing and nobody follows it: it only signs.
        del found["outbox"], found["followers"]
        found["manuallyApprovesFollowers"] = True
    return found


def webfinger(actor: LocalActor) -> dict:
    return {
        "subject": f"acct:{actor.username}@{host()}",
        "aliases": [actor.uri],
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": actor.uri},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": actor.uri if actor.kind == ActorKind.PERSON else absolute(actor.obj.get_absolute_url()),
            },
        ],
    }
