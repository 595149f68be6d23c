"""The register's lines for federation (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SECURITY, SERVICE, WHILE_ACCOUNT, Entry, NotPersonal, Retention

from .models import (
    ActorKey,
    BlockedActor,
    BlockedDomain,
    Delivery,
    Follower,
    Following,
    Landed,
    PersonActor,
    Published,
    ReceivedObject,
    RemoteActor,
    SeenActivity,
)

WHILE_FOLLOWED = Retention(life=_("as long as the remote account follows or is followed"))


def register() -> None:
    personal_data.register(
        key="federation",
        heading=_("Federation with Mastodon and Mobilizon"),
        entries=[
            Entry(
                PersonActor,
                ("user", "enabled", "updated_at"),
                data=_("your choice to be followed from the fediverse"),
                purpose=_("publishing your public posts to Mastodon or Mobilizon when you ask for it"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
            Entry(
                RemoteActor,
                ("uri", "domain", "inbox", "shared_inbox", "key_id", "public_pem", "actor_type", "username", "name")
                + ("shadow", "fetched_at"),
                data=_("the public profile of a remote account that follows or answers a space"),
                purpose=_("delivering public posts and events, and checking the signatures of what arrives"),
                basis=SERVICE,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                Follower,
                ("actor_kind", "actor_id", "remote", "follow_id", "created_at"),
                data=_("which remote accounts follow a space or a person"),
                purpose=_("delivering public posts and events"),
                basis=SERVICE,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator (a space shows only how many follow it)"),
            ),
            Entry(
                Following,
                ("actor_kind", "actor_id", "remote", "follow_id", "accepted", "created_at"),
                data=_("which remote accounts a space or a person follows"),
                purpose=_("receiving what they publish"),
                basis=SERVICE,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                ReceivedObject,
                ("uri", "remote", "name", "content_html", "url", "in_reply_to", "received_at", "updated_at"),
                data=_("the public posts and events of followed remote accounts"),
                purpose=_("showing what followed accounts publish"),
                basis=SERVICE,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                Delivery,
                ("inbox", "body", "created_at", "sent_at", "last_error"),
                data=_("what was sent to which remote server"),
                purpose=_("sending again after a failure, and answering what left the site"),
                basis=SECURITY,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                BlockedActor,
                ("uri", "reason", "created_at"),
                data=_("the remote accounts the operator refuses, and why"),
                purpose=_("protecting the site from abuse"),
                basis=SECURITY,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                Landed,
                ("uri", "remote", "kind", "object_id", "created_at"),
                data=_("which comment or reaction here a remote account's reply or like became"),
                purpose=_("removing them when their author deletes them or their account"),
                basis=SERVICE,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
            Entry(
                SeenActivity,
                ("activity_id", "received_at"),
                data=_("the addresses of the activities received"),
                purpose=_("refusing a replayed request"),
                basis=SECURITY,
                retention=WHILE_FOLLOWED,
                seen_by=_("the operator"),
            ),
        ],
        not_personal=[
            NotPersonal(ActorKey, ("actor_kind", "actor_id", "private_pem", "public_pem", "created_at"), "a key"),
            NotPersonal(Landed, ("undo",), "how a kind takes it back"),
            NotPersonal(BlockedDomain, ("domain", "reason", "created_at"), "a blocked instance"),
            NotPersonal(
                Published, ("kind", "object_id", "space_id", "fingerprint", "deleted", "updated_at"), "what left"
            ),
            NotPersonal(
                ReceivedObject,
                ("object_type", "start", "end", "place_name", "place_address", "latitude", "longitude", "deleted"),
                "an event's place and time",
            ),
            NotPersonal(
                Delivery,
                ("activity_id", "activity_type", "kind", "object_id", "actor_kind", "actor_id", "state", "attempts")
                + ("next_attempt_at",),
                "a delivery's state",
            ),
        ],
    )
