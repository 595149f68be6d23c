"""Local content as ActivityStreams objects: a post is a Note, an event an Event with Mobilizon's extensions.

Every outgoing path (deliveries, the outbox, an object's own address) goes through `public_object`, the one guard:
an object leaves only if an anonymous visitor may read it now, by its kind's `visible_to` (the visibility rule), so
a members-only or secret post, a draft or a hidden event is never serialised. Content is known only through the
registry of kinds (`core.kinds`): federation imports no content app.
"""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from parvis.core import kinds

from .actors import AS_CONTEXT, PUBLIC, LocalActor, absolute
from .models import ActorKind

# The kinds that federate, and the ActivityStreams type each becomes.
FEDERATED = {"post": "Note", "event": "Event"}

MOBILIZON_CONTEXT = {
    "mz": "https://joinmobilizon.org/ns#",
    "sc": "http://schema.org#",
    "joinMode": {"@id": "mz:joinMode", "@type": "mz:joinModeType"},
    "participantCount": {"@id": "mz:participantCount", "@type": "sc:Integer"},
    "isOnline": {"@id": "mz:isOnline", "@type": "sc:Boolean"},
    "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
    "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
    "PostalAddress": "sc:PostalAddress",
    "address": {"@id": "sc:address", "@type": "sc:address"},
    "addressLocality": "sc:addressLocality",
    "postalCode": "sc:postalCode",
    "streetAddress": "sc:streetAddress",
    "addressCountry": "sc:addressCountry",
    "timezone": {"@id": "mz:timezone", "@type": "sc:Text"},
}


class NotPublic(Exception):
    """The object is not readable by an anonymous visitor: it must not leave."""


def object_uri(kind_name: str, pk: int) -> str:
    """The object's ActivityPub id; its address says the kind by the registry's French word ("publication")."""
    return absolute(reverse("federation:object", args=[kinds.get(kind_name).word, pk]))


def public_object(kind_name: str, pk: int):
    """The object if it may leave now, else raise NotPublic. The one guard of every outgoing path."""
    kind = kinds.get(kind_name)
    if kind is None or kind_name not in FEDERATED:
        raise NotPublic(kind_name)
    obj = kind.visible_to(AnonymousUser()).filter(pk=pk).first()
    if obj is None:
        raise NotPublic(f"{kind_name}:{pk}")
    return obj


def space_actor_of(kind_name: str, obj) -> LocalActor:
    return LocalActor(ActorKind.SPACE, kinds.get(kind_name).space(obj))


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def serialise(kind_name: str, pk: int) -> dict:
    """The ActivityStreams object for a public object (NotPublic otherwise)."""
    obj = public_object(kind_name, pk)
    kind = kinds.get(kind_name)
    actor = space_actor_of(kind_name, obj)
    common = {
        "id": object_uri(kind_name, pk),
        "url": absolute(kind.url(obj)),
        "attributedTo": actor.uri,
        "to": [PUBLIC],
        "cc": [actor.uri + "/followers"],
    }
    if kind_name == "post":
        return {
            **common,
            "type": "Note",
            "content": obj.body_html,
            "published": _iso(obj.created_at),
            "updated": _iso(obj.edited_at or obj.created_at),
            "sensitive": False,
        }
    return {**common, **_event(obj)}


def _event(event) -> dict:
    place = None
    if event.venue_name or event.address or event.commune_id:
        commune = event.commune
        place = {
            "type": "Place",
            "name": event.venue_name or event.address or (commune.name if commune else ""),
            "address": {
                "type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": commune.name if commune else "",
                "addressCountry": "FR",
            },
        }
        if event.latitude is not None and event.longitude is not None:
            place["latitude"] = float(event.latitude)
            place["longitude"] = float(event.longitude)
    document = {
        "type": "Event",
        "name": event.title,
        "content": event.description_html,
        "startTime": _iso(event.start),
        "endTime": _iso(event.end),
        "timezone": event.time_zone,
        "published": _iso(event.created_at),
        "updated": _iso(event.updated_at),
        "joinMode": "restricted" if event.approval_required else "free",
        "participantCount": event.going_count,
        "isOnline": bool(event.online_url) and place is None,
        "commentsEnabled": False,
        "anonymousParticipationEnabled": False,
        "ical:status": "CANCELLED" if event.status == "cancelled" else "CONFIRMED",
    }
    if place:
        document["location"] = place
    if event.capacity:
        document["maximumAttendeeCapacity"] = event.capacity
        document["remainingAttendeeCapacity"] = max(event.capacity - event.going_count, 0)
    return document


def with_context(document: dict) -> dict:
    return {"@context": [AS_CONTEXT, MOBILIZON_CONTEXT], **document}
