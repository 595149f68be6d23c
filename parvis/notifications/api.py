"""The caller's notifications through the API: the same QuerySet (`inbox`, visibility checked again) and services
as the pages."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from parvis.core.api_auth import SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut

from . import channels, push, services
from .models import Notification

router = Router(tags=["notifications"], auth=SIGNED_IN)


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="Why: one of notifications' reasons, or a reason of the target's kind")
    text: str
    actor_name: str | None
    space_slug: str | None = Field(description="None for content outside any space (a listing)")
    space_name: str | None
    space_nature: str | None
    target_kind: str = Field(description="What it speaks of: a kind of content (post, comment, event, listing…)")
    target_id: int
    target_label: str = Field(description="That kind, in words")
    post_id: int | None = Field(description="Deprecated: the post it speaks of, or the comment's post")
    comment_id: int | None = Field(description="Deprecated: the comment it speaks of")
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor_name(notification: Notification) -> str | None:
        return notification.actor.public_name if notification.actor_id else None

    @staticmethod
    def resolve_space_slug(notification: Notification) -> str | None:
        return notification.space.slug if notification.space_id else None

    @staticmethod
    def resolve_space_name(notification: Notification) -> str | None:
        return notification.space.name if notification.space_id else None

    @staticmethod
    def resolve_space_nature(notification: Notification) -> str | None:
        return notification.space.nature if notification.space_id else None

    @staticmethod
    def resolve_post_id(notification: Notification) -> int | None:
        return notification.target_ids().get("post")

    @staticmethod
    def resolve_comment_id(notification: Notification) -> int | None:
        return notification.target_ids().get("comment")

    @staticmethod
    def resolve_url(notification: Notification) -> str:
        return notification.target_url


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("", response=list[NotificationOut], summary="My notifications, newest first")
@paginate(LimitOffsetPagination)
def notification_list(request, unread: bool = False):
    """Only notifications whose content the caller may still read (people leave spaces, moderators hide posts)."""
    return Notification.objects.inbox(request.auth, unread=unread).for_list()


@router.get("/unread-count", response=UnreadCountOut, summary="How many of my notifications are unread")
def unread_count(request):
    return {"unread": Notification.objects.inbox(request.auth, unread=True).count()}


@router.post("/read-all", response=MarkedOut, summary="Mark all my notifications as read")
def mark_all_read(request):
    return {"marked": services.notification_mark_all_read(user=request.auth)}


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, 404: ErrorOut}, summary="Mark one notification as read"
)
def mark_read(request, notification_id: int):
    try:
        notification = services.notification_mark_read(user=request.auth, notification_id=notification_id)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    # Read through the inbox, so that a notification the caller may no longer read says nothing about its content.
    visible = (
        Notification.objects.for_recipient(request.auth)
        .filter(pk=notification.pk)
        .still_visible_to(request.auth)
        .for_list()
        .first()
    )
    if visible is None:
        raise Http404
    return visible


class NotificationChannelsOut(Schema):
    kind: str = Field(description="A kind of notification (message, mention, reply, comment, reactions, ...)")
    label: str
    channels: list[str] = Field(description="Among in_app, email, push; empty: nothing at all")


class NotificationChannelsIn(Schema):
    kind: str
    channels: list[str]


class NotificationPreferencesOut(Schema):
    email_frequency: str = Field(description="The cadence of e-mails: immediate, daily or never")
    kinds: list[NotificationChannelsOut]


class NotificationPreferencesIn(Schema):
    email_frequency: str | None = None
    kinds: list[NotificationChannelsIn] = []


class PushDeviceKeysIn(Schema):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)


class PushDeviceIn(Schema):
    endpoint: str = Field(max_length=2000)
    keys: PushDeviceKeysIn


class PushDeviceOut(Schema):
    id: int
    label: str
    created_at: datetime
    last_success_at: datetime | None


def _preferences(user) -> dict:
    return {
        "email_frequency": services.notification_preference_get(user=user).email_frequency,
        "kinds": [
            {"kind": kind.name, "label": str(kind.label), "channels": [c for c in channels.CHANNELS if c in chosen]}
            for kind, chosen in channels.table_for(user)
        ],
    }


@router.get("/preferences", response=NotificationPreferencesOut, summary="How I hear about each kind of notification")
def preferences_get(request):
    return _preferences(request.auth)


@router.put(
    "/preferences",
    response={200: NotificationPreferencesOut, 400: ErrorOut},
    summary="Change how I hear about some kinds of notification",
)
def preferences_set(request, payload: NotificationPreferencesIn):
    """Only the kinds named change; `email_frequency`, when given, is the cadence of every e-mail."""
    try:
        if payload.email_frequency is not None:
            services.notification_preference_set(user=request.auth, email_frequency=payload.email_frequency)
        services.notification_channels_set(
            user=request.auth, choices={item.kind: set(item.channels) for item in payload.kinds}
        )
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(200, _preferences(request.auth))


@router.get("/devices", response=list[PushDeviceOut], summary="My devices that receive notifications")
def devices_list(request):
    return list(request.auth.push_subscriptions.order_by("-created_at"))


@router.post("/devices", response={201: PushDeviceOut, 400: ErrorOut}, summary="Receive notifications on a device")
def devices_add(request, payload: PushDeviceIn):
    """The browser's subscription (`PushSubscription.toJSON()`); the instance's key is `GET /devices/key`."""
    try:
        device = push.push_subscription_register(
            user=request.auth,
            endpoint=payload.endpoint,
            p256dh=payload.keys.p256dh,
            auth=payload.keys.auth,
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(201, device)


class PushKeyOut(Schema):
    public_key: str = Field(description="The instance's VAPID public key: the browser's applicationServerKey")


@router.get("/devices/key", response=PushKeyOut, summary="The key a browser subscribes with")
def devices_key(request):
    return {"public_key": push.push_key().public_key}


@router.delete("/devices/{device_id}", response={204: None, 404: ErrorOut}, summary="Stop notifications on a device")
def devices_remove(request, device_id: int):
    if not push.push_subscription_remove(user=request.auth, subscription_id=device_id):
        raise Http404
    return Status(204, None)
