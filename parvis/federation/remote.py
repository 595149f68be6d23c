"""Remote actors: fetched through the project's guarded fetcher (`core.fetch`), bounded in size, checked for the
fields federation needs, and cached. Blocks by the operator are checked here, before anything is fetched or kept."""

import ipaddress
import json
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from parvis.core.fetch import FetchError, fetch_url, is_public_address, post_url

from .models import ActorKey, BlockedActor, BlockedDomain, RemoteActor
from .signatures import SignatureError, sign, verify

logger = logging.getLogger("parvis.federation")

ACTIVITY_TYPES = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
ACTOR_MAX_BYTES = 256 * 1024
REFRESH_AFTER = timedelta(days=1)
ACTOR_TYPES = {"Person", "Group", "Organization", "Service", "Application"}


class Refused(Exception):
    """A remote request or document is refused; the message is the reason, logged, and nothing is stored."""


def _allowed_address(ip) -> bool:
    """Loopback is reachable only when the setting says so (tests start two instances on one machine)."""
    if settings.PARVIS_FEDERATION_ALLOW_LOOPBACK and ipaddress.ip_address(ip).is_loopback:
        return True
    return is_public_address(ip)


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and settings.PARVIS_FEDERATION_ALLOW_LOOPBACK and parts.hostname == "127.0.0.1":
        return
    raise Refused(f"not an https address: {url[:100]}")


def domain_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()


def check_not_blocked(url: str) -> None:
    domain = domain_of(url)
    bare = domain.split(":")[0]
    if BlockedDomain.objects.filter(domain__in={domain, bare}).exists():
        raise Refused(f"blocked instance: {domain}")
    if BlockedActor.objects.filter(uri=url.split("#")[0]).exists():
        raise Refused(f"blocked account: {url[:200]}")


def _signed_get_headers(url: str) -> dict[str, str]:
    """Every GET this site makes is signed by the instance actor: servers in "authorized fetch" mode answer only
    signed requests, and the others ignore the signature."""
    from .actors import instance_actor  # actors reads spaces: imported when a fetch is made

    actor = instance_actor()
    key = ActorKey.objects.filter(actor_kind=actor.kind, actor_id=actor.pk).first()
    if key is None:
        # Made after `migrate` (apps.py); a key made now, inside a transaction, would stay invisible to the server
        # that fetches it to check this very request, which would wait on our lock: this one goes unsigned.
        logger.warning("federation fetch unsigned", extra={"reason": "no instance key yet", "url": url[:200]})
        return {}
    headers = sign(method="GET", url=url, body=b"", key_id=actor.key_id, private_pem=key.private_pem)
    # The guarded fetcher sets Host itself, from the same URL.
    return {name: value for name, value in headers.items() if name != "Host"}


def fetch_json(url: str, *, max_bytes: int = ACTOR_MAX_BYTES) -> dict:
    check_scheme(url)
    check_not_blocked(url)
    try:
        fetched = fetch_url(
            url,
            max_bytes=max_bytes,
            accept=ACTIVITY_TYPES,
            accept_types={
                "application/activity+json",
                "application/ld+json",
                "application/json",
                "application/jrd+json",
            },
            cut_at_limit=False,
            is_allowed_address=_allowed_address,
            headers=_signed_get_headers(url),
        )
    except FetchError as error:
        raise Refused(f"cannot fetch {url[:200]}: {error}") from error
    try:
        document = json.loads(fetched.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(f"not JSON: {url[:200]}") from error
    if not isinstance(document, dict):
        raise Refused(f"not a JSON object: {url[:200]}")
    return document


def _text(document: dict, name: str, limit: int) -> str:
    value = document.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def actor(uri: str, *, refresh: bool = False) -> RemoteActor:
    """The remote actor at `uri`, from the cache if fresh, else fetched, checked and kept. Raise Refused."""
    uri = uri.split("#")[0]
    cached = RemoteActor.objects.filter(uri=uri).first()
    if cached and not refresh and cached.fetched_at > timezone.now() - REFRESH_AFTER:
        check_not_blocked(uri)
        return cached
    return remember(uri, fetch_actor(uri))


def fetch_actor(uri: str) -> dict:
    """The fields of the actor at `uri`, fetched and checked, not kept (see `remember`). Raise Refused."""
    uri = uri.split("#")[0]
    check_scheme(uri)
    check_not_blocked(uri)
    return actor_values(fetch_json(uri), uri)


def actor_values(document: dict, uri: str) -> dict:
    """The fields kept of an actor document said to be at `uri` (fetched, or sent in an Update signed by that very
    actor), once checked. Raise Refused."""
    if document.get("id") != uri:
        raise Refused(f"the document's id is not its address: {uri[:200]}")
    if document.get("type") not in ACTOR_TYPES:
        raise Refused(f"not an actor: {str(document.get('type'))[:40]}")
    key = document.get("publicKey")
    if not isinstance(key, dict) or not isinstance(key.get("publicKeyPem"), str) or not isinstance(key.get("id"), str):
        raise Refused("the actor has no public key")
    if key.get("owner", uri) != uri or domain_of(key["id"]) != domain_of(uri):
        raise Refused("the actor's key belongs to someone else")
    inbox = document.get("inbox")
    if not isinstance(inbox, str) or domain_of(inbox) != domain_of(uri):
        raise Refused("the actor has no inbox of its own")
    check_scheme(inbox)
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    shared = endpoints.get("sharedInbox") if isinstance(endpoints.get("sharedInbox"), str) else ""
    if shared and domain_of(shared) != domain_of(uri):
        shared = ""
    return {
        "domain": domain_of(uri),
        "inbox": inbox[:500],
        "shared_inbox": shared[:500],
        "key_id": key["id"][:600],
        "public_pem": key["publicKeyPem"][:10_000],
        "actor_type": document["type"],
        "username": _text(document, "preferredUsername", 100),
        "name": _text(document, "name", 120),
        "fetched_at": timezone.now(),
    }


def remember(uri: str, values: dict) -> RemoteActor:
    found, _created = RemoteActor.objects.update_or_create(uri=uri.split("#")[0], defaults=values)
    return found


def verified_signer(*, method: str, path: str, headers: dict[str, str], body: bytes, actor_uri: str) -> RemoteActor:
    """The actor, once the request is proven to be theirs. A cached key that fails is fetched again once (keys
    rotate); a fetched actor is kept only once its key verified the request. Raise Refused."""
    cached = RemoteActor.objects.filter(uri=actor_uri).first()
    if cached is not None and cached.fetched_at > timezone.now() - REFRESH_AFTER:
        try:
            verify(method=method, path=path, headers=headers, body=body, public_pem=cached.public_pem)
            return cached
        except SignatureError as error:
            if not str(error).startswith("the signature does not match"):
                raise Refused(f"signature refused: {error}") from error
    values = fetch_actor(actor_uri)
    try:
        verify(method=method, path=path, headers=headers, body=body, public_pem=values["public_pem"])
    except SignatureError as error:
        raise Refused(f"signature refused: {error}") from error
    return remember(actor_uri, values)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> int:
    check_scheme(url)
    check_not_blocked(url)
    try:
        return post_url(url, body=body, headers=headers, is_allowed_address=_allowed_address)
    except FetchError as error:
        raise Refused(f"cannot deliver to {url[:200]}: {error}") from error
