"""The caller's notifications through the API: the same QuerySet (`inbox`, visibility checked again) and services
as the pages."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from parvis.core.api_auth import SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut

from . import services
from .models import Kind, Notification

router = Router(tags=["notifications"], auth=SIGNED_IN)


class NotificationOut(Schema):
    id: int
    kind: Kind
    text: str
    actor_name: str | None
    space_slug: str
    space_name: str
    space_nature: str
    post_id: int | None
    comment_id: int | None
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor_name(notification: Notification) -> str | None:
        return notification.actor.public_name if notification.actor_id else None

    @staticmethod
    def resolve_space_slug(notification: Notification) -> str:
        return notification.space.slug

    @staticmethod
    def resolve_space_name(notification: Notification) -> str:
        return notification.space.name

    @staticmethod
    def resolve_space_nature(notification: Notification) -> str:
        return notification.space.nature

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
    notifications = Notification.objects.inbox(request.auth).for_list()
    return notifications.unread() if unread else notifications


@router.get("/unread-count", response=UnreadCountOut, summary="How many of my notifications are unread")
def unread_count(request):
    return {"unread": Notification.objects.inbox(request.auth).unread().count()}


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
    visible = Notification.objects.inbox(request.auth).for_list().filter(pk=notification.pk).first()
    if visible is None:
        raise Http404
    return visible
