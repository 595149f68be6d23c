"""Private messages through the API, mounted at /api/v1/conversations: the caller's conversations only, the same
QuerySets (`for_participant`, `visible_to`) and services as the pages. Another person's conversation is a 404."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from parvis.accounts.models import User
from parvis.core import media
from parvis.core.api_auth import SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut, Id, Text, column_text
from parvis.core.submission import submit_once

from . import services
from .models import MAX_PEOPLE, Block, Conversation, Message, WhoMayWrite

router = Router(tags=["messages"], auth=SIGNED_IN)
MESSAGES_PAGE_MAX = 100


class PersonOut(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    subject: str
    people: list[PersonOut] = Field(description="The other participants.")
    unread: int
    context_listing_id: int | None
    created_at: datetime
    last_message_at: datetime
    url: str

    @staticmethod
    def resolve_people(conversation, context) -> list[dict]:
        me = context["request"].auth
        return [{"id": person.pk, "name": person.public_name} for person in conversation.others(me)]

    @staticmethod
    def resolve_unread(conversation) -> int:
        return getattr(conversation, "unread", 0) or 0

    @staticmethod
    def resolve_url(conversation) -> str:
        return conversation.get_absolute_url()


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender: PersonOut | None
    body: str
    image_url: str | None = Field(description="Participants only: the API endpoint serving the attached image.")
    image_alt: str
    created_at: datetime

    @staticmethod
    def resolve_sender(message) -> dict | None:
        return {"id": message.sender_id, "name": message.sender.public_name} if message.sender_id else None

    @staticmethod
    def resolve_image_url(message) -> str | None:
        if not message.image:
            return None
        return f"/api/v1/conversations/{message.conversation_id}/messages/{message.pk}/image"


class MessagesOut(Schema):
    items: list[MessageOut]
    has_more: bool = Field(description="More messages after the last one: ask again with `after` = its id.")


class ConversationIn(Schema):
    participant_ids: list[Id] = Field(description=f"The other people, {MAX_PEOPLE - 1} at most.")
    body: Text() = Field(description="The first message, 5,000 characters at most.")
    subject: column_text(Conversation, "subject") = ""


class MessageIn(Schema):
    body: Text() = Field(description="5,000 characters at most.")


class ReadOut(Schema):
    unread: int


class BlockOut(Schema):
    user_id: int
    blocked: bool


class PreferenceIn(Schema):
    who_may_write: Text(32) = Field(description=f"One of: {', '.join(WhoMayWrite.values)}.")


class PreferenceOut(Schema):
    who_may_write: str


def _conversation(request, conversation_id: int) -> Conversation:
    return get_object_or_404(Conversation.objects.for_list(request.auth), pk=conversation_id)


@router.get("", response=list[ConversationOut], summary="My conversations, with their unread counts")
@paginate(LimitOffsetPagination)
def conversation_list(request):
    """Only the caller's conversations, most recent first. 200."""
    return Conversation.objects.for_list(request.auth)


@router.post(
    "",
    response={201: ConversationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Start a conversation",
    description=(
        "201 with the conversation (an existing one-to-one conversation with the same person is continued). "
        "400 for no participant, too many people, an empty or too long message; 403 when a recipient does not "
        "accept messages from the caller (the reason is in `detail`) or a block stands; 404 for an unknown person; "
        "429 past 30 messages a minute or 20 new conversations an hour."
    ),
)
def conversation_start(request, payload: ConversationIn):
    people = list(User.objects.filter(pk__in=payload.participant_ids, is_active=True))
    if len({pk for pk in payload.participant_ids}) != len(people):
        raise Http404
    # Someone who would refuse the caller and whose profile the caller may not see: the answer of an unknown id.
    if services.refusing_unseen(initiator=request.auth, people=people):
        raise Http404
    conversation, _created = submit_once(
        request,
        user=request.auth,
        kind="conversation",
        create=lambda: services.conversation_start(
            initiator=request.auth, participants=people, first_message=payload.body, subject=payload.subject
        ),
        find=lambda pk: Conversation.objects.for_participant(request.auth).filter(pk=pk).first(),
    )
    return Status(201, _conversation(request, conversation.pk))


@router.get(
    "/{conversation_id}/messages",
    response={200: MessagesOut, 404: ErrorOut},
    summary="Read a conversation's messages, oldest first, after a message id",
    description="`after`: the id of the last message you have (0 for the start). 404 if you are not a participant.",
)
def message_list(request, conversation_id: int, after: Id = 0, limit: int = 50):
    conversation = _conversation(request, conversation_id)
    limit = max(1, min(limit, MESSAGES_PAGE_MAX))
    items = list(
        Message.objects.visible_to(request.auth)
        .filter(conversation=conversation)
        .after(max(after, 0))
        .for_thread()[: limit + 1]
    )
    return {"items": items[:limit], "has_more": len(items) > limit}


@router.post(
    "/{conversation_id}/messages",
    response={201: MessageOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Send a message",
    description=(
        "201 with the message. 400 for an empty message or one over 5,000 characters (nothing is saved); 403 in a "
        "one-to-one conversation with a block; 404 if you are not a participant; 429 past 30 messages a minute."
    ),
)
def message_send(request, conversation_id: int, payload: MessageIn):
    conversation = _conversation(request, conversation_id)
    message, _created = submit_once(
        request,
        user=request.auth,
        kind="message",
        create=lambda: services.message_send(sender=request.auth, conversation=conversation, body=payload.body),
        find=lambda pk: Message.objects.filter(pk=pk, sender=request.auth, conversation=conversation).first(),
    )
    return Status(201, message)


@router.get(
    "/{conversation_id}/messages/{message_id}/image",
    response={200: None, 404: ErrorOut},
    summary="The image attached to a message (participants only)",
)
def message_image(request, conversation_id: int, message_id: int):
    message = get_object_or_404(
        Message.objects.visible_to(request.auth).filter(conversation_id=conversation_id).exclude(image=""),
        pk=message_id,
    )
    return media.serve(request, message.image)


@router.post(
    "/{conversation_id}/read",
    response={200: ReadOut, 404: ErrorOut},
    summary="Mark a conversation read",
    description="`up_to`: the last message id you have shown (default: all). 200 with what is left unread.",
)
def mark_read(request, conversation_id: int, up_to: Id | None = None):
    conversation = _conversation(request, conversation_id)
    seat = services.conversation_mark_read(user=request.auth, conversation=conversation, up_to_id=up_to)
    return {"unread": seat.unread_count}


@router.post(
    "/{conversation_id}/leave",
    response={204: None, 400: ErrorOut, 404: ErrorOut},
    summary="Leave a group conversation",
    description="204; 400 for a one-to-one conversation (block the person instead); 404 if you are not in it.",
)
def leave(request, conversation_id: int):
    services.conversation_leave(user=request.auth, conversation=_conversation(request, conversation_id))
    return Status(204, None)


@router.get("/preferences", response=PreferenceOut, summary="Who may start a conversation with me")
def preference_get(request):
    return services.preference_get(user=request.auth)


@router.put("/preferences", response={200: PreferenceOut, 400: ErrorOut}, summary="Choose who may write to me")
def preference_set(request, payload: PreferenceIn):
    return services.messaging_preference_set(user=request.auth, who_may_write=payload.who_may_write)


@router.get("/blocks", response=list[BlockOut], summary="The people I block")
def block_list(request):
    return [
        {"user_id": pk, "blocked": True}
        for pk in Block.objects.filter(blocker=request.auth).values_list("blocked_id", flat=True)
    ]


@router.put(
    "/blocks/{user_id}",
    response={200: BlockOut, 400: ErrorOut, 404: ErrorOut},
    summary="Block a person",
    description="They can no longer write to you. 400 for yourself, 404 for an unknown person.",
)
def block(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    services.block_create(blocker=request.auth, blocked=person)
    return {"user_id": person.pk, "blocked": True}


@router.delete("/blocks/{user_id}", response={200: BlockOut, 404: ErrorOut}, summary="Unblock a person")
def unblock(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    services.block_delete(blocker=request.auth, blocked=person)
    return {"user_id": person.pk, "blocked": False}
