"""E-mails of the agenda, sent after the transaction that decided them. Each takes ids and is safe to run twice:
the state is read again when the task runs, and each e-mail is claimed per recipient, so a second run (or the retry
after a mail server failure, `core.mail.mail_task`) sends only what did not leave. Every one goes out through
`spaces.mail.send_about`, which checks that its recipient may still read the event."""

import hashlib

from django.urls import reverse
from django_tasks import task

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.links import absolute_url
from parvis.core.mail import mail_task, new_key
from parvis.spaces.mail import send_about

from .models import CalendarSource, Event, EventStatus, Rsvp, RsvpStatus


def _digest(*values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def _recipient(rsvp: Rsvp):
    """The person who answered, or the address of a guest who confirmed it (None for an unconfirmed guest)."""
    if rsvp.user_id:
        return rsvp.user
    return rsvp.email if rsvp.confirmed else None


@mail_task
def send_guest_confirmation(*, rsvp_id: int, key: str = "") -> int:
    """`key` names this request (each request of a guest sends its own e-mail; a retried task does not). A task
    queued without one (before keys existed) sends without a claim."""
    rsvp = Rsvp.objects.select_related("event").filter(pk=rsvp_id, user=None).first()
    if rsvp is None:
        return 0
    return send_about(
        to=rsvp.email,
        about=[rsvp.event],
        kind="agenda_guest_confirmation",
        key=f"agenda.guest_confirmation:rsvp:{rsvp.pk}:{key or new_key()}",
        context={
            "title": rsvp.event.title,
            "link": absolute_url(reverse("agenda:guest_rsvp", kwargs={"token": rsvp.token})),
        },
    )


@mail_task
def notify_promoted(*, rsvp_id: int, key: str = "") -> int:
    """`key` names this promotion (a person promoted, then cancelling and promoted again, is told twice)."""
    rsvp = Rsvp.objects.select_related("event", "user").filter(pk=rsvp_id, status=RsvpStatus.GOING).first()
    if rsvp is None or (to := _recipient(rsvp)) is None:
        return 0
    link = absolute_url(
        reverse("agenda:guest_rsvp", kwargs={"token": rsvp.token})
        if not rsvp.user_id
        else rsvp.event.get_absolute_url()
    )
    return send_about(
        to=to,
        about=[rsvp.event],
        kind="agenda_promoted",
        key=f"agenda.promoted:rsvp:{rsvp.pk}:{key or new_key()}",
        context={"title": rsvp.event.title, "link": link},
    )


@mail_task
def notify_cancellation(*, event_id: int) -> int:
    event = Event.objects.filter(pk=event_id, status=EventStatus.CANCELLED).first()
    if event is None:
        return 0
    sent = 0
    context = {"title": event.title, "reason": event.cancel_reason, "link": absolute_url(event.get_absolute_url())}
    participants = event.rsvps.filter(status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.INTERESTED])
    for rsvp in participants.select_related("user"):
        if to := _recipient(rsvp):
            sent += send_about(
                to=to,
                about=[event],
                kind="agenda_cancelled",
                key=f"agenda.cancelled:event:{event.pk}:{event.sequence}",
                context=context,
            )
    return sent


@mail_task
def send_participants_message(*, event_id: int, sender_id: int, subject: str, body: str, key: str = "") -> int:
    """One e-mail per confirmed participant; the participants are read when the task runs, so someone who
    cancelled in between is not written to. `key` names this message: a retried task skips those who got it."""

    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if event is None:
        return 0
    sender = User.objects.filter(pk=sender_id).first()
    context = {
        "title": event.title,
        "subject": subject,
        "message": body,
        # The name the organiser chose, never a made-up one: without it the e-mail is signed by "the organisers".
        "sender_name": sender.display_name if sender else "",
        "link": absolute_url(event.get_absolute_url()),
    }
    sent = 0
    participants = event.rsvps.filter(
        confirmed=True, status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.INTERESTED]
    )
    for rsvp in participants.select_related("user"):
        if to := _recipient(rsvp):
            sent += send_about(
                to=to,
                about=[event],
                kind="agenda_participants_message",
                key=f"agenda.participants_message:event:{event.pk}:{key or _digest(sender_id, subject, body)}",
                context=context,
            )
    return sent


@task()
def calendar_source_sync(*, source_id: int) -> dict:
    """Import one calendar source; safe to run twice (events are matched by UID)."""
    from .ical_import.sync import sync_source  # the import calls the services, which import these tasks: a load cycle

    source = CalendarSource.objects.select_related("space", "created_by").filter(pk=source_id).first()
    if source is None:
        return {}
    return sync_source(source)


@mail_task
def send_invitation(*, invitation_id: int) -> int:
    """The e-mail of an invitation, once per invitation; none to a person who asked for no e-mail at all, or who may
    no longer read the event (`send_about` checks)."""
    from .participation import Invitation, InvitationStatus

    invitation = (
        Invitation.objects.select_related("event", "invitee", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None or not hooks.wants_email(user=invitation.invitee):
        return 0
    event = invitation.event
    return send_about(
        to=invitation.invitee,
        about=[event],
        kind="agenda_invitation",
        key=f"agenda.invitation:{invitation.pk}",
        context={
            "title": event.title,
            "inviter": invitation.invited_by.public_name if invitation.invited_by_id else "",
            "space": event.space.name,
            "link": absolute_url(event.get_absolute_url()),
        },
    )


@mail_task
def notify_decision(*, rsvp_id: int, key: str = "") -> int:
    """The organisers' decision on a participation request, told to the person who asked."""
    rsvp = Rsvp.objects.select_related("event", "user").filter(pk=rsvp_id, user__isnull=False).first()
    if rsvp is None or rsvp.status not in (RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.REJECTED):
        return 0
    return send_about(
        to=rsvp.user,
        about=[rsvp.event],
        kind="agenda_participation_decision",
        key=f"agenda.decision:rsvp:{rsvp.pk}:{key or new_key()}",
        context={
            "title": rsvp.event.title,
            "approved": rsvp.status != RsvpStatus.REJECTED,
            "waiting": rsvp.status == RsvpStatus.WAITING,
            "link": absolute_url(rsvp.event.get_absolute_url()),
        },
    )
