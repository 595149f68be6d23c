"""The send pipeline of federation: what leaves, to whom, when, and again after a failure.

Every write of a federated kind (a post, an event), by its model's save or a bulk change (`kinds.rows_changed`,
a moderator hiding it), enqueues `sync` after commit, with the kind's name and the id. `sync` asks the one guard
(`serialise.public_object`) what an anonymous visitor may read now and decides: Create the first time, Update
when it changed, Delete when it stopped being public (a moderator hid it, the space became members-only). It
writes one `Delivery` per follower inbox, and `deliver` sends each, re-checking the guard at send time, signed,
with exponential back-off between attempts.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task

from parvis.core import kinds
from parvis.spaces.models import Space

from . import remote
from .actors import AS_CONTEXT, PUBLIC, LocalActor, actor_by_key, key_pair
from .models import ActorKind, Delivery, DeliveryState, Follower, Published
from .serialise import FEDERATED, NotPublic, object_uri, public_object, serialise, space_actor_of, with_context
from .signatures import sign

logger = logging.getLogger("parvis.federation")

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)


def connect() -> None:
    for name in FEDERATED:
        kind = kinds.get(name)
        if kind is None:
            continue
        post_save.connect(_saved, sender=kind.model, dispatch_uid=f"federation-save-{name}")
        post_delete.connect(_saved, sender=kind.model, dispatch_uid=f"federation-delete-{name}")
    kinds.rows_changed.connect(_changed_in_bulk, dispatch_uid="federation-bulk")


def _kind_name(model) -> str | None:
    kind = kinds.of_model(model)
    return kind.name if kind is not None and kind.name in FEDERATED else None


def _saved(sender, instance, **_kwargs) -> None:
    name = _kind_name(sender)
    if name is not None:
        _schedule(name, [instance.pk])


def _changed_in_bulk(sender, ids, **_kwargs) -> None:
    name = _kind_name(sender)
    if name is not None:
        _schedule(name, ids)


def _schedule(name: str, ids) -> None:
    ids = list(ids)
    transaction.on_commit(lambda: [sync.enqueue(kind=name, object_id=pk) for pk in ids])


def _followers_inboxes(actors: list[LocalActor]) -> list[str]:
    """Each follower's inbox once (their server's shared inbox when it has one)."""
    inboxes = set()
    for actor in actors:
        for follower in Follower.objects.filter(actor_kind=actor.kind, actor_id=actor.pk).select_related("remote"):
            inboxes.add(follower.remote.shared_inbox or follower.remote.inbox)
    return sorted(inboxes)


def _author_actor(name: str, pk: int) -> LocalActor | None:
    """The author of a public post, when they chose to be followed too."""
    kind = kinds.get(name)
    obj = kind.objects().filter(pk=pk).first()
    author = kind.author(obj) if obj is not None else None
    return actor_by_key(ActorKind.PERSON, author.pk) if author is not None else None


@task()
def sync(*, kind: str, object_id: int) -> str:
    """Send what changed about one object to the followers of its space (and of its author). Idempotent: a second
    run finds nothing changed and sends nothing."""
    published = Published.objects.filter(kind=kind, object_id=object_id).first()
    if published is None and not Follower.objects.exists():
        return "nobody follows"  # the common case of a site nobody follows yet: one query
    try:
        document = serialise(kind, object_id)
    except NotPublic:
        if published is None or published.deleted:
            return "nothing"
        return _send_delete(published)
    actor = space_actor_of(kind, public_object(kind, object_id))
    fingerprint = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    if published is not None and not published.deleted and published.fingerprint == fingerprint:
        return "unchanged"
    verb = "Update" if published is not None and not published.deleted else "Create"
    Published.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"fingerprint": fingerprint, "deleted": False, "space_id": actor.pk},
    )
    actors = [actor] + [a for a in [_author_actor(kind, object_id)] if a is not None]
    activity = {
        "@context": with_context({})["@context"],
        "id": f"{document['id']}/activity/{verb.lower()}/{fingerprint[:16]}",
        "type": verb,
        "actor": actor.uri,
        "published": timezone.now().isoformat(),
        "to": [PUBLIC],
        "cc": [actor.uri + "/followers"],
        "object": document,
    }
    return _queue(activity, actor, actors, kind=kind, object_id=object_id)


def _send_delete(published: Published) -> str:
    """The object stopped being public (or is gone): its followers are told to forget it; nothing of it is said but
    its id. The space signs, public or not any more (its followers knew it)."""
    published.deleted = True
    published.save(update_fields=["deleted", "updated_at"])
    space = Space.objects.filter(pk=published.space_id).first()
    if space is None:
        return "gone with its space"
    actor = LocalActor(ActorKind.SPACE, space)
    uri = object_uri(published.kind, published.object_id)
    activity = {
        "@context": AS_CONTEXT,
        "id": f"{uri}/activity/delete/{int(timezone.now().timestamp())}",
        "type": "Delete",
        "actor": actor.uri,
        "to": [PUBLIC],
        "object": {"id": uri, "type": "Tombstone"},
    }
    return _queue(activity, actor, [actor], kind=published.kind, object_id=published.object_id)


def _queue(activity: dict, actor: LocalActor, audience: list[LocalActor], *, kind: str = "", object_id=None) -> str:
    ids = []
    for inbox in _followers_inboxes(audience):
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    activity_id=activity["id"],
                    activity_type=activity["type"],
                    kind=kind,
                    object_id=object_id,
                    actor_kind=actor.kind,
                    actor_id=actor.pk,
                    inbox=inbox,
                    body=activity,
                )
        except IntegrityError:
            continue  # already queued by an earlier run
        ids.append(delivery.pk)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: deliver.enqueue(delivery_id=pk))
    return f"{activity['type']} to {len(ids)} inboxes"


def send_activity(*, actor: LocalActor, inbox: str, activity: dict) -> None:
    """Queue one activity that is not about content (an Accept, a Follow) to one inbox."""
    delivery, created = Delivery.objects.get_or_create(
        activity_id=activity["id"],
        inbox=inbox,
        defaults={
            "activity_type": activity["type"],
            "actor_kind": actor.kind,
            "actor_id": actor.pk,
            "body": activity,
        },
    )
    if created:
        transaction.on_commit(lambda: deliver.enqueue(delivery_id=delivery.pk))


def _still_public(delivery: Delivery) -> bool:
    """At send time, content is sent only if it may still leave (a Delete says nothing of the content)."""
    if not delivery.kind or delivery.activity_type == "Delete":
        return True
    try:
        serialise(delivery.kind, delivery.object_id)
    except NotPublic:
        return False
    return True


@task()
def deliver(*, delivery_id: int) -> str:
    delivery = Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).first()
    if delivery is None:
        return "done already"
    if not _still_public(delivery):
        delivery.state = DeliveryState.WITHHELD
        delivery.save(update_fields=["state"])
        logger.info("federation delivery withheld", extra={"delivery": delivery.pk, "reason": "no longer public"})
        return "withheld"
    actor = actor_by_key(delivery.actor_kind, delivery.actor_id)
    if actor is None and delivery.activity_type == "Delete" and delivery.actor_kind == ActorKind.SPACE:
        space = Space.objects.filter(pk=delivery.actor_id).first()
        actor = LocalActor(ActorKind.SPACE, space) if space else None
    if actor is None:
        delivery.state = DeliveryState.WITHHELD
        delivery.save(update_fields=["state"])
        return "withheld"
    body = json.dumps(delivery.body).encode()
    headers = sign(
        method="POST", url=delivery.inbox, body=body, key_id=actor.key_id, private_pem=key_pair(actor).private_pem
    )
    headers["Content-Type"] = "application/activity+json"
    delivery.attempts += 1
    blocked = False
    try:
        status = remote.post(delivery.inbox, body=body, headers=headers)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except remote.Refused as refused:
        error, blocked = str(refused), str(refused).startswith("blocked")
    if not error:
        delivery.state, delivery.sent_at, delivery.last_error = DeliveryState.SENT, timezone.now(), ""
        delivery.save(update_fields=["state", "sent_at", "attempts", "last_error"])
        return "sent"
    delivery.last_error = error[:300]
    if delivery.attempts >= MAX_ATTEMPTS or blocked:
        delivery.state = DeliveryState.FAILED
    else:
        delivery.next_attempt_at = timezone.now() + FIRST_RETRY * 2 ** (delivery.attempts - 1)
    delivery.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
    logger.warning("federation delivery failed", extra={"delivery": delivery.pk, "error": error[:300]})
    if delivery.state == DeliveryState.PENDING:
        retry = deliver
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=delivery.next_attempt_at)
            transaction.on_commit(lambda: retry.enqueue(delivery_id=delivery.pk))
    return "retry"


def retry_due(*, now=None) -> int:
    """Enqueue the deliveries whose next attempt is due (for back-ends that cannot defer: run periodically)."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now).values_list("pk", flat=True)
    )
    for pk in due:
        deliver.enqueue(delivery_id=pk)
    return len(due)
