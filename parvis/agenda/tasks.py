"""E-mails of the agenda, sent after the transaction that decided them. Each takes ids and is safe to run twice
(the worst case is a duplicate e-mail, never a wrong one: the state is read again when the task runs). Every one
goes out through `spaces.mail.send_about`, which checks that its recipient may still read the event."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from parvis.spaces.mail import send_about

from .models import Event, EventStatus, Rsvp, RsvpStatus


def _absolute(path: str) -> str:
    return settings.PARVIS_BASE_URL.rstrip("/") + path


def _recipient(rsvp: Rsvp):
    """The person who answered, or the address of a guest who confirmed it (None for an unconfirmed guest)."""
    if rsvp.user_id:
        return rsvp.user
    return rsvp.email if rsvp.confirmed else None


@task()
def send_guest_confirmation(*, rsvp_id: int) -> int:
    rsvp = Rsvp.objects.select_related("event").filter(pk=rsvp_id, user=None).first()
    if rsvp is None:
        return 0
    link = _absolute(reverse("agenda:guest_rsvp", kwargs={"token": rsvp.token}))
    body = _(
        "Hello,\n\nTo confirm your answer to “%(title)s”, open this link:\n%(link)s\n\n"
        "The same link lets you change or cancel your answer later. If you did not ask for this, ignore this e-mail."
    ) % {"title": rsvp.event.title, "link": link}
    subject = _("Confirm your answer: %(title)s") % {"title": rsvp.event.title}
    return send_about(to=rsvp.email, about=[rsvp.event], subject=subject, body=body)


@task()
def notify_promoted(*, rsvp_id: int) -> int:
    rsvp = Rsvp.objects.select_related("event", "user").filter(pk=rsvp_id, status=RsvpStatus.GOING).first()
    if rsvp is None or (to := _recipient(rsvp)) is None:
        return 0
    link = _absolute(
        reverse("agenda:guest_rsvp", kwargs={"token": rsvp.token})
        if not rsvp.user_id
        else rsvp.event.get_absolute_url()
    )
    body = _("Good news: a place freed up and you are now registered for “%(title)s”.\n\n%(link)s") % {
        "title": rsvp.event.title,
        "link": link,
    }
    subject = _("You have a place: %(title)s") % {"title": rsvp.event.title}
    return send_about(to=to, about=[rsvp.event], subject=subject, body=body)


@task()
def notify_cancellation(*, event_id: int) -> int:
    event = Event.objects.filter(pk=event_id, status=EventStatus.CANCELLED).first()
    if event is None:
        return 0
    sent = 0
    participants = event.rsvps.filter(status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.INTERESTED])
    for rsvp in participants.select_related("user"):
        to = _recipient(rsvp)
        if to:
            body = _("“%(title)s” is cancelled.\n\nReason given by the organisers: %(reason)s\n\n%(link)s") % {
                "title": event.title,
                "reason": event.cancel_reason,
                "link": _absolute(event.get_absolute_url()),
            }
            subject = _("Cancelled: %(title)s") % {"title": event.title}
            sent += send_about(to=to, about=[event], subject=subject, body=body)
    return sent


@task()
def send_participants_message(*, event_id: int, sender_id: int, subject: str, body: str) -> int:
    """One e-mail per confirmed participant; the participants are read when the task runs, so someone who
    cancelled in between is not written to."""
    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if event is None:
        return 0
    from parvis.accounts.models import User

    sender = User.objects.filter(pk=sender_id).first()
    signature = _("Message from %(name)s, organiser of “%(title)s”:") % {
        "name": sender.public_name if sender else _("the organisers"),
        "title": event.title,
    }
    footer = _("You receive this message because you answered this event: %(link)s") % {
        "link": _absolute(event.get_absolute_url())
    }
    sent = 0
    participants = event.rsvps.filter(
        confirmed=True, status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.INTERESTED]
    )
    for rsvp in participants.select_related("user"):
        to = _recipient(rsvp)
        if to:
            sent += send_about(
                to=to,
                about=[event],
                subject=f"{event.title} — {subject}",
                body=f"{signature}\n\n{body}\n\n-- \n{footer}",
            )
    return sent


@task()
def calendar_source_sync(*, source_id: int) -> dict:
    """Import one calendar source; safe to run twice (events are matched by UID)."""
    from .ical_import import sync_source
    from .models import CalendarSource

    source = CalendarSource.objects.select_related("space", "created_by").filter(pk=source_id).first()
    if source is None:
        return {}
    return sync_source(source)
