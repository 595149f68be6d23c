"""The caller's notifications through the API: the same QuerySet (`inbox`, visibility checked again) and services
as the pages."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from parvis.core.api_auth import SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut

from . import services
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
