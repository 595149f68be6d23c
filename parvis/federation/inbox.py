"""What arrives in an inbox: checked first (size, JSON, blocks, signature, Digest, Date, replay), then handled.

A refusal raises Refused with the reason, which the view logs and answers with a 4xx: nothing is stored for a
refused request, not even the remote actor (it is stored only once its signature is verified).
"""

import hashlib
import html
import json
import logging
import re
from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

from parvis.accounts.models import User
from parvis.core import kinds

from . import remote
from .actors import LocalActor, actor_by_name, host
from .models import Follower, Following, Landed, ReceivedObject, RemoteActor, SeenActivity
from .outgoing import send_activity
from .remote import Refused
from .serialise import FEDERATED, NotPublic, public_object
from .signatures import SignatureError, parse_signature, verify

logger = logging.getLogger("parvis.federation")

MAX_BODY = 256 * 1024
MAX_TEXT = 5000


def receive(*, method: str, path: str, headers: dict[str, str], body: bytes) -> str:
    """Check and handle one request to an inbox; return what was done, or raise Refused."""
    if len(body) > MAX_BODY:
        raise Refused(f"body too large: {len(body)} bytes")
    try:
        activity = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused("body is not JSON") from error
    if not isinstance(activity, dict):
        raise Refused("body is not a JSON object")
    activity_id, actor_uri = activity.get("id"), activity.get("actor")
    if not isinstance(activity_id, str) or not isinstance(actor_uri, str) or not isinstance(activity.get("type"), str):
        raise Refused("an activity needs an id, a type and an actor")
    try:
        key_id = parse_signature(headers.get("signature", ""))["keyId"]
    except SignatureError as error:
        raise Refused(str(error)) from error
    # The blocks come first: a blocked instance is not even asked for its key.
    remote.check_not_blocked(key_id)
    remote.check_not_blocked(actor_uri)
    if key_id.split("#")[0] != actor_uri:
        raise Refused("the key does not belong to the activity's actor")
    if remote.domain_of(activity_id) != remote.domain_of(actor_uri):
        raise Refused("the activity's id is not on its actor's server")
    if SeenActivity.objects.filter(activity_id=activity_id[:600]).exists():
        raise Refused(f"replayed activity: {activity_id[:200]}")
    if _is_self_deletion(activity):
        return _self_deletion(method, path, headers, body, activity)
    signer = remote.verified_signer(method=method, path=path, headers=headers, body=body, actor_uri=actor_uri)
    with transaction.atomic():
        try:
            SeenActivity.objects.create(activity_id=activity_id[:600])
        except IntegrityError as error:
            raise Refused(f"replayed activity: {activity_id[:200]}") from error
        return _handle(activity, signer)


def _handle(activity: dict, signer: RemoteActor) -> str:
    kind = activity["type"]
    target = activity.get("object")
    handler = {
        "Follow": _follow,
        "Undo": _undo,
        "Accept": _accept,
        "Create": _create,
        "Update": _update,
        "Delete": _delete,
        "Like": _like,
        "Join": _join,
    }.get(kind)
    if handler is None:
        return f"ignored {kind[:20]}"
    return handler(activity, target, signer)


def _uri(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def local_actor_at(uri: str) -> LocalActor | None:
    parts = urlsplit(uri)
    if parts.netloc != host():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name not in {"space_actor", "person_actor"}:
        return None
    return actor_by_name(match.kwargs.get("slug") or match.kwargs.get("handle"))


def local_object_at(uri: str):
    """(kind name, object) for the id or page address of a local public object of a federated kind, or None."""
    parts = urlsplit(uri)
    if parts.netloc != host():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kind = kinds.by_word(match.kwargs.get("kind", "")) if match.url_name == "object" else None
    if kind is None or kind.name not in FEDERATED:
        return None
    try:
        return kind.name, public_object(kind.name, match.kwargs["target_id"])
    except NotPublic:
        return None


def _follow(activity, target, signer) -> str:
    actor = local_actor_at(_uri(target))
    if actor is None:
        raise Refused("follow of no public local actor")
    Follower.objects.get_or_create(
        actor_kind=actor.kind, actor_id=actor.pk, remote=signer, defaults={"follow_id": activity["id"][:600]}
    )
    accept = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor.uri}#accepts/{hashlib.sha256(activity['id'].encode()).hexdigest()[:24]}",
        "type": "Accept",
        "actor": actor.uri,
        "object": {"id": activity["id"], "type": "Follow", "actor": signer.uri, "object": actor.uri},
    }
    send_activity(actor=actor, inbox=signer.inbox, activity=accept)
    return "followed"


def _undo(activity, target, signer) -> str:
    if isinstance(target, dict) and target.get("type") in {"Like", "Join"} or isinstance(target, str):
        return _take_back(_uri(target), signer)
    if not isinstance(target, dict) or target.get("type") != "Follow":
        return "ignored undo"
    actor = local_actor_at(_uri(target.get("object")))
    if actor is not None:
        Follower.objects.filter(actor_kind=actor.kind, actor_id=actor.pk, remote=signer).delete()
    return "unfollowed"


def _accept(activity, target, signer) -> str:
    follow_id = _uri(target)
    updated = Following.objects.filter(follow_id=follow_id, remote=signer).update(accepted=True)
    return "accepted" if updated else "ignored accept"


def plain_text(content: str) -> str:
    """Remote HTML to the plain text local people write: it is then rendered exactly like theirs."""
    text = re.sub(r"(?i)<br\s*/?>|</p>\s*<p[^>]*>", "\n", content or "")
    return html.unescape(strip_tags(text)).strip()[:MAX_TEXT]


def _create(activity, target, signer) -> str:
    if not isinstance(target, dict) or target.get("type") not in {"Note", "Event", "Article", "Page"}:
        return "ignored object"
    object_id = _uri(target)
    if remote.domain_of(object_id) != signer.domain or _uri(target.get("attributedTo") or signer.uri) != signer.uri:
        raise Refused("the object is not its sender's")
    replied = local_object_at(_uri(target.get("inReplyTo")))
    if replied is not None:
        return _answer(replied, target, signer)
    if not Following.objects.filter(remote=signer).exists():
        return "ignored: nobody here follows its author"
    _keep(target, signer)
    return "kept"


def _moment(value) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) and len(value) < 40 else None


def _keep(document: dict, signer: RemoteActor) -> None:
    place = document.get("location") if isinstance(document.get("location"), dict) else {}
    address = place.get("address") if isinstance(place.get("address"), dict) else {}
    address_text = ", ".join(
        str(address.get(name))[:120]
        for name in ("streetAddress", "postalCode", "addressLocality")
        if isinstance(address.get(name), str) and address.get(name)
    )

    def number(value):
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    values = {
        "remote": signer,
        "object_type": document["type"][:20],
        "name": plain_text(str(document.get("name") or ""))[:300],
        # Kept as plain text, escaped when shown: nothing of the remote HTML runs here.
        "content_html": plain_text(str(document.get("content") or "")),
        "url": _uri(document.get("url"))[:600] if _uri(document.get("url")).startswith("http") else "",
        "start": _moment(document.get("startTime")),
        "end": _moment(document.get("endTime")),
        "place_name": plain_text(str(place.get("name") or ""))[:300],
        "place_address": address_text[:500],
        "latitude": number(place.get("latitude")),
        "longitude": number(place.get("longitude")),
        "in_reply_to": _uri(document.get("inReplyTo"))[:600],
        "deleted": False,
    }
    ReceivedObject.objects.update_or_create(uri=_uri(document)[:600], defaults=values)


def _delete(activity, target, signer) -> str:
    uri = _uri(target)
    if uri == signer.uri:
        return "ignored: an account's deletion is handled before its key is fetched"
    if remote.domain_of(uri) != signer.domain:
        raise Refused("deletion of someone else's object")
    ReceivedObject.objects.filter(uri=uri, remote=signer).update(deleted=True, content_html="", name="")
    taken_back = _take_back(uri, signer)
    return "deleted" if taken_back == "nothing to take back" else f"deleted: {taken_back}"


def _take_back(uri: str, signer: RemoteActor) -> str:
    """Remove what a remote object or activity of the signer became here (a comment, a reaction), through its kind's
    own hook: the same rules as when a local author withdraws theirs."""
    landed = Landed.objects.filter(remote=signer, uri=uri[:600]).first()
    if landed is None:
        return "nothing to take back"
    _undo_landed(landed, signer)
    return f"{landed.undo} {landed.kind}"


def _undo_landed(landed: Landed, signer: RemoteActor) -> None:
    kind = kinds.get(landed.kind)
    hook = kind.extra.get(landed.undo) if kind is not None else None
    obj = kind.objects().filter(pk=landed.object_id).first() if kind is not None else None
    if hook is not None and obj is not None and signer.shadow_id:
        try:
            with transaction.atomic():
                hook(user=signer.shadow, obj=obj)
        except (PermissionDenied, ValidationError) as error:
            # The object is gone from readers already (its post was removed, say): nothing more to take back.
            logger.info("federation take-back skipped", extra={"landed": landed.pk, "reason": str(error)[:200]})
    landed.delete()


def _update(activity, target, signer) -> str:
    if isinstance(target, dict) and target.get("type") in remote.ACTOR_TYPES:
        return _update_actor(target, signer)
    return _create(activity, target, signer)


def _update_actor(document: dict, signer: RemoteActor) -> str:
    """An actor says its name or key changed. Taken from the activity itself (no fetch), since the request is signed
    by that very actor's key, already verified; checked like a fetched document."""
    if document.get("id") != signer.uri:
        raise Refused("update of someone else's account")
    values = remote.actor_values(document, signer.uri)
    for name, value in values.items():
        setattr(signer, name, value)
    signer.save()
    if signer.shadow_id:
        # The shadow account is federation's own (inactive, never signed in to): its shown name follows the actor's.
        User.objects.filter(pk=signer.shadow_id).update(display_name=_shadow_name(signer))
    return "actor updated"


def _is_self_deletion(activity: dict) -> bool:
    return activity.get("type") == "Delete" and _uri(activity.get("object")) == activity.get("actor")


def _self_deletion(method, path, headers, body, activity) -> str:
    """A remote account deleted itself. Its document is gone by now (410), so the request is verified with the key
    kept from before; an account never met is nothing to forget, and nothing about it is fetched or stored."""
    known = RemoteActor.objects.filter(uri=activity["actor"]).first()
    if known is None:
        return "ignored: deletion of an account never met"
    try:
        verify(method=method, path=path, headers=headers, body=body, public_pem=known.public_pem)
    except SignatureError as error:
        raise Refused(f"signature refused: {error}") from error
    with transaction.atomic():
        try:
            SeenActivity.objects.create(activity_id=activity["id"][:600])
        except IntegrityError as error:
            raise Refused(f"replayed activity: {activity['id'][:200]}") from error
        return actor_forget(known)


def actor_forget(known: RemoteActor) -> str:
    """What a deleted remote account leaves: its follows go (both ways), what it wrote or did here is taken back as
    its author would (comments deleted, reactions removed), and its shadow account reads "Former member" wherever
    something of it stays (what landed before these links were kept), as a local account deleted."""
    taken = 0
    for landed in Landed.objects.filter(remote=known).order_by("pk"):
        _undo_landed(landed, known)
        taken += 1
    if known.shadow_id:
        User.objects.filter(pk=known.shadow_id).update(display_name="", erased_at=timezone.now(), is_active=False)
    known.delete()  # its follows, followings, received objects and links go with it
    return f"account deleted, {taken} taken back"


def shadow_user(signer: RemoteActor) -> User:
    """The local account a remote actor's comments, reactions and answers are written under. Inactive: it cannot
    sign in, has no profile page, is never notified nor e-mailed (its address is on a reserved domain anyway), while
    what it wrote reads like any comment and goes through the same moderation."""
    if signer.shadow_id:
        return signer.shadow
    user = User.objects.create_user(
        email=f"{get_random_string(24).lower()}@federation.invalid", display_name=_shadow_name(signer), is_active=False
    )
    signer.shadow = user
    signer.save(update_fields=["shadow"])
    return user


def _shadow_name(signer: RemoteActor) -> str:
    return f"{signer.name or signer.username or signer.domain} ({signer.address})"[:80]


# What each action from afar becomes, and the hook of the kind that takes it back: (kind of what it made, undo).
# A reply makes a comment (the comment kind's "withdraw"); a like stays on the post (its kind's "unlike").
TAKE_BACK = {"answer": ("comment", "withdraw"), "like": (None, "unlike")}


def _act(kind_name, obj, action: str, signer: RemoteActor, *, uri: str = "", **values) -> str:
    callable_ = kinds.get(kind_name).extra.get(action)
    if callable_ is None:
        return f"ignored {action} on {kind_name}"
    try:
        with transaction.atomic():
            made = callable_(user=shadow_user(signer), obj=obj, **values)
    except (PermissionDenied, ValidationError) as error:
        raise Refused(f"{action} refused by the rules: {error}") from error
    if uri and action in TAKE_BACK:
        made_kind, undo = TAKE_BACK[action]
        target = made if made_kind else obj
        if target is not None and getattr(target, "pk", None):
            Landed.objects.update_or_create(
                remote=signer,
                uri=uri[:600],
                defaults={"kind": made_kind or kind_name, "object_id": target.pk, "undo": undo},
            )
    return action


def _answer(replied, document, signer) -> str:
    text = plain_text(str(document.get("content") or ""))
    if not text:
        raise Refused("an empty reply")
    return _act(*replied, "answer", signer, uri=_uri(document), text=text)


def _like(activity, target, signer) -> str:
    found = local_object_at(_uri(target))
    if found is None:
        raise Refused("like of no public local object")
    return _act(*found, "like", signer, uri=activity["id"])


def _join(activity, target, signer) -> str:
    found = local_object_at(_uri(target))
    if found is None:
        raise Refused("join of no public local event")
    return _act(*found, "join", signer)
