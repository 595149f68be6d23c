"""The discussion under an event through the API, on the agenda's router: the same services as the pages
(`services/comments.py`), the same rule of who reads what (a comment is read by those who may read its event)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.core.submission import submit_once

from .api import router
from .discussion import EventComment
from .models import Event
from .services.comments import COMMENT_LIMIT, event_comment_create, event_comment_delete, event_comment_edit

# Comments one answer lists, oldest first (a thread longer than this is read on the event's page).
LISTED = 500


class EventCommentAuthorOut(Schema):
    id: int
    name: str


class EventCommentOut(Schema):
    id: int
    event_id: int
    parent_id: int | None
    author: EventCommentAuthorOut
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_author(comment):
        return {"id": comment.author_id, "name": comment.author.public_name}


class EventCommentIn(Schema):
    body: Text(COMMENT_LIMIT)
    parent_id: Id | None = None


class EventCommentEditIn(Schema):
    body: Text(COMMENT_LIMIT)


def _visible_event(request, event_id: int) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)


@router.get(
    "/events/{event_id}/comments",
    response={200: list[EventCommentOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="Comments under an event",
)
def event_comment_list(request, event_id: int):
    event = _visible_event(request, event_id)
    return list(
        EventComment.objects.published()
        .filter(event=event)
        .select_related("author")
        .order_by("created_at", "id")[:LISTED]
    )


@router.post(
    "/events/{event_id}/comments",
    response={201: EventCommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Comment under an event, or reply to a comment",
)
def event_comment_post(request, event_id: int, payload: EventCommentIn):
    event = _visible_event(request, event_id)
    parent = get_object_or_404(EventComment, pk=payload.parent_id, event=event) if payload.parent_id else None
    comment, _created = submit_once(
        request,
        user=request.auth,
        kind="event_comment",
        create=lambda: event_comment_create(author=request.auth, event=event, body=payload.body, parent=parent),
        find=lambda pk: EventComment.objects.filter(pk=pk, author=request.auth).first(),
    )
    return 201, comment


def _comment_on_visible_event(request, comment_id: int) -> EventComment:
    # Any comment on an event the caller may read (404 otherwise); the service then answers 403 to a non-author.
    return get_object_or_404(
        EventComment.objects.on_visible_events(request.auth).select_related("author"), pk=comment_id
    )


@router.patch(
    "/event-comments/{comment_id}",
    response={200: EventCommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Edit my comment under an event",
)
def event_comment_patch(request, comment_id: int, payload: EventCommentEditIn):
    comment = event_comment_edit(
        editor=request.auth, comment=_comment_on_visible_event(request, comment_id), body=payload.body
    )
    return EventComment.objects.select_related("author").get(pk=comment.pk)


@router.delete(
    "/event-comments/{comment_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Delete my comment under an event",
)
def event_comment_remove(request, comment_id: int):
    event_comment_delete(user=request.auth, comment=_comment_on_visible_event(request, comment_id))
    return 204, None
