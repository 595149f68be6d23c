"""Invitations and participation requests through the API, on the agenda's router: the same services as the pages
(`services/invitations.py`, `services/rsvps.py`), the same rule of who reads what."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Schema

from parvis.core.api_auth import SIGNED_IN
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut
from parvis.spaces.models import Space

from .api import router
from .models import Event, Rsvp, RsvpStatus
from .participation import Invitation
from .services import invitations, rsvps

# People invited one by one in a request (a group is invited whole by its slug).
MAX_PEOPLE = 200


class EventInviteIn(Schema):
    group: str | None = None  # the slug of one of the caller's groups, whose members are all invited
    people: list[int] = []  # ids of people who share a group with the caller


class InvitedOut(Schema):
    invited: int


class InvitationOut(Schema):
    id: int
    event_id: int
    event_title: str
    invited_by: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_event_title(invitation):
        return invitation.event.title

    @staticmethod
    def resolve_invited_by(invitation):
        return invitation.invited_by.public_name if invitation.invited_by_id else ""


class InvitationAnswerIn(Schema):
    accept: bool
    answer: str = ""


class ParticipationOut(Schema):
    event_id: int
    status: str


class RequestOut(Schema):
    id: int
    name: str
    answer: str
    created_at: datetime

    @staticmethod
    def resolve_name(rsvp):
        return rsvp.user.public_name if rsvp.user_id else rsvp.name


class DecisionIn(Schema):
    approve: bool


@router.get("/invitations", response=list[InvitationOut], auth=SIGNED_IN, summary="My invitations waiting")
def invitation_list(request):
    mine = Invitation.objects.visible_to(request.auth).pending().select_related("event", "invited_by")
    return list(mine.order_by("-created_at", "-pk")[:100])


@router.post(
    "/events/{event_id}/invitations",
    response={201: InvitedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Invite a group or people to an event",
)
def event_invite(request, event_id: int, payload: EventInviteIn):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    group = None
    if payload.group:
        group = get_object_or_404(Space.objects.readable_by(request.auth), slug=payload.group)
    if len(payload.people) > MAX_PEOPLE:
        raise PermissionDenied(_("Invite at most %(count)s people one by one.") % {"count": MAX_PEOPLE})
    count = invitations.event_invite(inviter=request.auth, event=event, group=group, people=payload.people)
    return 201, {"invited": count}


@router.post(
    "/invitations/{invitation_id}/answer",
    response={200: ParticipationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Accept or decline an invitation",
)
def invitation_answer(request, invitation_id: int, payload: InvitationAnswerIn):
    try:
        invitation, rsvp = invitations.invitation_answer(
            user=request.auth, invitation_id=invitation_id, accept=payload.accept, answer=payload.answer
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    return {"event_id": invitation.event_id, "status": rsvp.status if rsvp else RsvpStatus.NOT_GOING}


@router.get(
    "/events/{event_id}/requests",
    response={200: list[RequestOut], 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Participation requests waiting (organisers)",
)
def request_list(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    if not can(request.auth, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers see the requests to take part."))
    return list(Rsvp.objects.filter(event=event, status=RsvpStatus.PENDING).select_related("user").order_by("pk"))


@router.post(
    "/events/{event_id}/requests/{request_id}",
    response={200: ParticipationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Accept or decline a participation request (organisers)",
)
def request_decide(request, event_id: int, request_id: int, payload: DecisionIn):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    get_object_or_404(Rsvp, pk=request_id, event=event)
    rsvp = rsvps.participation_decide(organiser=request.auth, rsvp_id=request_id, approve=payload.approve)
    return {"event_id": event.pk, "status": rsvp.status}
