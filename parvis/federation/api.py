"""The operator's read API of federation: who follows a space from another server, what left and in what state,
and the blocks. Every endpoint needs `federation.read` (the operator's, `core.permissions`): a list of followers
tells who reads a group, so a space shows only how many follow it, and only the operator sees who."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from parvis.core.api_auth import SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut
from parvis.spaces.models import Space

from .models import ActorKind, BlockedActor, BlockedDomain, Delivery, DeliveryState, Follower

router = Router(tags=["federation"])


def _operator(request) -> None:
    if not can(request.auth, "federation.read"):
        raise PermissionDenied(_("Only the operator reads the federation's records."))


class FollowerOut(Schema):
    # Read through the follower's remote actor (ninja follows a dotted alias): no resolver per field.
    address: str = Field(
        alias="remote.address", description="`@name@server`, or the actor's address when it gave no name."
    )
    uri: str = Field(alias="remote.uri")
    domain: str = Field(alias="remote.domain")
    actor_type: str = Field(alias="remote.actor_type")
    since: datetime = Field(alias="created_at")


class DeliveryOut(Schema):
    id: int
    activity_id: str
    activity_type: str
    kind: str
    object_id: int | None
    inbox: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    sent_at: datetime | None


class BlockedInstanceOut(Schema):
    domain: str
    reason: str
    created_at: datetime


class BlockedAccountOut(Schema):
    uri: str
    reason: str
    created_at: datetime


class BlocksOut(Schema):
    instances: list[BlockedInstanceOut]
    accounts: list[BlockedAccountOut]


@router.get(
    "/spaces/{slug}/followers",
    response={200: list[FollowerOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Who follows a space from another server",
    description="The operator only (403 otherwise); newest first. A space of any visibility, followed while public.",
)
@paginate(LimitOffsetPagination)
def space_followers(request, slug: str):
    _operator(request)
    space = get_object_or_404(Space, slug=slug[:100])
    return Follower.objects.of_actor(ActorKind.SPACE, space.pk).for_list()


@router.get(
    "/deliveries",
    response={200: list[DeliveryOut], 400: ErrorOut, 403: ErrorOut},
    auth=SIGNED_IN,
    summary="What left for other servers, and its state",
    description=(
        f"The operator only (403 otherwise); newest first. `state`: one of {', '.join(DeliveryState.values)}, or "
        "empty for all. The body sent is not listed: the administration shows it."
    ),
)
@paginate(LimitOffsetPagination)
def delivery_list(request, state: str = ""):
    _operator(request)
    if state and state not in DeliveryState.values:
        raise ValidationError(_("Unknown state: %(state)s.") % {"state": state[:20]})
    return Delivery.objects.in_state(state).newest_first()


@router.get(
    "/blocks",
    response={200: BlocksOut, 403: ErrorOut},
    auth=SIGNED_IN,
    summary="The instances and remote accounts the operator blocks",
    description="The operator only (403 otherwise).",
)
def block_list(request):
    _operator(request)
    return {
        "instances": BlockedDomain.objects.order_by("domain"),
        "accounts": BlockedActor.objects.order_by("uri"),
    }
