"""Events in the registry of content kinds (`parvis.core.kinds`), registered in `AgendaConfig.ready`: moderation
reports, hides, removes and restores them, and search finds them. None of those apps names events."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.core.media import media_url
from parvis.spaces.models import Membership

from .discussion import EventComment
from .models import Event, EventStatus, Occurrence
from .participation import AgendaPreference, EventPhoto, Invitation, PhotoStatus, Reminder, ReminderSlot
from .services.comments import event_comment_moderate, event_comment_restore
from .services.rsvps import rsvp_set

# The agenda's own reasons to tell someone (notifications says their sentence without knowing events).
NEW_EVENT_IN_MY_GROUP = "new_event_in_my_group"
EVENT_INVITATION = "event_invitation"
REMINDER_DAY = "event_reminder_day"
REMINDER_HOUR = "event_reminder_hour"
COMMENT_ON_MY_EVENT = "comment_on_my_event"
# The general reasons of notifications (`notifications.models.Kind`), in plain words: the agenda sits below it.
MENTION = "mention"
REPLY = "reply"

MODERATED_STATUS = {kinds.HIDE: EventStatus.HIDDEN, kinds.REMOVE: EventStatus.REMOVED}


def _set_status(event_id: int, status: str) -> None:
    """The event's status and its occurrences' copy of it, in the caller's transaction: the agenda's pages read the
    copy (`services.occurrences`), so they must never disagree."""
    Event.objects.filter(pk=event_id).update(status=status)
    Occurrence.objects.filter(event_id=event_id).update(status=status)


def event_moderate(event: Event, action: str) -> str:
    """Hide or remove an event; returns its status before, for a reversal. Its capacity, answers and waiting list
    are kept, and no participant is told: a restored event is whole."""
    previous = Event.objects.select_for_update().get(pk=event.pk).status
    _set_status(event.pk, MODERATED_STATUS[action])
    return previous


def event_restore(event_id: int, action: str, previous_state: str) -> None:
    """Put back the status the event had (a draft stays a draft, a cancelled event cancelled), if it still carries
    this decision's status (a later decision is not undone by reversing an earlier one)."""
    current = Event.objects.select_for_update().filter(pk=event_id).values_list("status", flat=True).first()
    if current != MODERATED_STATUS[action]:
        return
    _set_status(event_id, previous_state if previous_state in EventStatus.values else EventStatus.PUBLISHED)


def event_audience(event_id: int):
    """The members of the event's group who asked to hear of each new event (`AgendaPreference`)."""
    event = Event.objects.select_related("space", "created_by").filter(pk=event_id).first()
    if event is None or event.status != EventStatus.PUBLISHED:
        return None
    wanting = AgendaPreference.objects.filter(new_events_in_my_groups=True).values("user_id")
    members = Membership.objects.active().filter(space=event.space, user_id__in=wanting).values("user_id")
    return event, event.created_by, [(User.objects.filter(pk__in=members).order_by("pk"), NEW_EVENT_IN_MY_GROUP)]


def invitation_audience(invitation_id: int):
    invitation = Invitation.objects.select_related("event__space", "invitee", "invited_by").filter(pk=invitation_id)
    invitation = invitation.first()
    if invitation is None:
        return None
    return invitation, invitation.invited_by, [([invitation.invitee], EVENT_INVITATION)]


def reminder_audience(reminder_id: int):
    reminder = Reminder.objects.select_related("event__space", "user").filter(pk=reminder_id).first()
    if reminder is None:
        return None
    verb = REMINDER_DAY if reminder.slot == ReminderSlot.DAY_BEFORE else REMINDER_HOUR
    return reminder, None, [([reminder.user], verb)]


PHOTO_STATUS = {kinds.HIDE: PhotoStatus.HIDDEN, kinds.REMOVE: PhotoStatus.REMOVED}


def photo_moderate(photo: EventPhoto, action: str) -> str:
    previous = EventPhoto.objects.select_for_update().get(pk=photo.pk).status
    EventPhoto.objects.filter(pk=photo.pk).update(status=PHOTO_STATUS[action])
    return previous


def photo_restore(photo_id: int, action: str, previous_state: str) -> None:
    EventPhoto.objects.filter(pk=photo_id, status=PHOTO_STATUS[action]).update(
        status=previous_state if previous_state in PhotoStatus.values else PhotoStatus.PUBLISHED
    )


def event_comment_audience(comment_id: int):
    """Who is told of a new comment under an event, the most specific reason first: a mention, a reply to the
    person's comment, a comment under the event they published. Each only while they may read the event."""
    comment = (
        EventComment.objects.published()
        .filter(pk=comment_id, event__status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        .select_related("event__space", "event__created_by", "parent__author", "author")
        .first()
    )
    if comment is None:
        return None
    return (
        comment,
        comment.author,
        [
            (list(comment.mentioned_users.filter(is_active=True)), MENTION),
            ([comment.parent.author] if comment.parent_id else [], REPLY),
            ([comment.event.created_by] if comment.event.created_by_id else [], COMMENT_ON_MY_EVENT),
        ],
    )


def _event_text(item):
    return (item.event.title, "")


def _join_from_afar(*, user, obj) -> None:
    rsvp_set(user=user, event=obj, status="going")


def register() -> None:
    register_indicators()
    kinds.register(
        kinds.ContentKind(
            name="event",
            label=_("event"),
            model=Event,
            url_word="evenement",
            visible_to=lambda user: Event.objects.visible_to(user).select_related("space"),
            space=lambda event: event.space,
            author=lambda event: event.created_by,
            text=lambda event: (event.title, event.description),
            moderate=event_moderate,
            restore=event_restore,
            related=("space", "created_by"),
            audience=event_audience,
            # A Join from Mobilizon (parvis/federation/inbox.py) is an answer "going", or a participation request
            # when the organisers approve each participant.
            extra={"join": _join_from_afar},
            verbs={NEW_EVENT_IN_MY_GROUP: _("New event in %(space)s")},
            search=kinds.SearchDocument(
                title="title", body="description", date="start", space="space", heading=_("Events")
            ),
        )
    )
    # The discussion under an event: read by those who may read the event, reported, hidden and removed as a
    # post's comments are.
    kinds.register(
        kinds.ContentKind(
            name="event_comment",
            label=_("comment on an event"),
            model=EventComment,
            url_word="commentaire-evenement",
            visible_to=lambda user: EventComment.objects.visible_to(user).select_related("event__space", "author"),
            space=lambda comment: comment.event.space,
            author=lambda comment: comment.author,
            parent=lambda comment: comment.event,
            text=lambda comment: (comment.event.title, comment.body),
            moderate=event_comment_moderate,
            restore=event_comment_restore,
            related=("event__space", "author"),
            audience=event_comment_audience,
            verbs={COMMENT_ON_MY_EVENT: _("%(actor)s commented on your event in %(space)s")},
        )
    )
    # An invitation and a reminder are told to one person: neither reported nor searched, read by that person only
    # while they may read the event (their `visible_to`).
    kinds.register(
        kinds.ContentKind(
            name="event_invitation",
            label=_("invitation to an event"),
            model=Invitation,
            url_word="invitation",
            visible_to=lambda user: Invitation.objects.visible_to(user).select_related("event__space"),
            space=lambda invitation: invitation.event.space,
            author=lambda invitation: invitation.invited_by,
            text=_event_text,
            parent=lambda invitation: invitation.event,
            actions=frozenset(),
            related=("event__space", "invited_by"),
            audience=invitation_audience,
            verbs={EVENT_INVITATION: _("%(actor)s invites you to an event of %(space)s")},
            extra={"notify_as": {EVENT_INVITATION: "invitation"}},
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="event_reminder",
            label=_("reminder of an event"),
            model=Reminder,
            url_word="rappel",
            visible_to=lambda user: Reminder.objects.visible_to(user).select_related("event__space"),
            space=lambda reminder: reminder.event.space,
            text=_event_text,
            parent=lambda reminder: reminder.event,
            actions=frozenset(),
            related=("event__space",),
            audience=reminder_audience,
            verbs={
                REMINDER_DAY: _("Reminder: an event of %(space)s you go to is tomorrow"),
                REMINDER_HOUR: _("Reminder: an event of %(space)s you go to starts in an hour"),
            },
            extra={"notify_as": {REMINDER_DAY: "reminder", REMINDER_HOUR: "reminder"}},
        )
    )
    # A photo of an event's album: reported, hidden and removed as any content; its file is served through the
    # media carrier "event-photo" (apps.py) to the album's readers only.
    kinds.register(
        kinds.ContentKind(
            name="event_photo",
            label=_("photo of an event"),
            model=EventPhoto,
            url_word="photo-evenement",
            visible_to=lambda user: EventPhoto.objects.visible_to(user).select_related("event__space"),
            space=lambda photo: photo.event.space,
            author=lambda photo: photo.author,
            text=lambda photo: (photo.event.title, photo.alt_text),
            parent=lambda photo: photo.event,
            attachment=lambda photo: media_url(photo, "image"),
            moderate=photo_moderate,
            restore=photo_restore,
            related=("event__space", "author"),
        )
    )


# --- Its figures for the operator (parvis/figures) ------------------------------------------------------------------


def events_published(start, end) -> dict[int, int]:
    """Events published in the period, in their commune (else their space's territory)."""
    from django.db.models import Count
    from django.db.models.functions import Coalesce

    rows = (
        Event.objects.filter(status=EventStatus.PUBLISHED, created_at__gte=start, created_at__lt=end)
        .annotate(place=Coalesce("commune_id", "space__territory_id"))
        .values_list("place")
    )
    return dict(rows.annotate(n=Count("pk")).order_by())


def rsvps_given(start, end) -> dict[int, int]:
    """Answers "I'm going" or "interested" given in the period (confirmed guests too), in the event's place."""
    from django.db.models import Count
    from django.db.models.functions import Coalesce

    from .models import Rsvp, RsvpStatus

    rows = (
        Rsvp.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            confirmed=True,
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.INTERESTED],
        )
        .annotate(place=Coalesce("event__commune_id", "event__space__territory_id"))
        .values_list("place")
    )
    return dict(rows.annotate(n=Count("pk")).order_by())


def register_indicators() -> None:
    kinds.register_indicator(
        kinds.Indicator(name="events", label=_("events published"), count=events_published, people=False, order=60)
    )
    kinds.register_indicator(kinds.Indicator(name="rsvps", label=_("answers to events"), count=rsvps_given, order=61))
