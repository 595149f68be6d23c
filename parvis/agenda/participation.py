"""Events as social objects: invitations, reminders and each person's choices about them.

Imported at the end of `models.py` (Django finds models there). The writes are in `services/invitations.py` and
`services/reminders.py`; participation requests (an event asking the organisers' approval) are answers (`Rsvp`) in
the status `pending`, then going or `rejected`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.core.media import private_storage

from .models import Event


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the invited person reads an invitation, and only while they may read its event (a group turning
        private, a moderator hiding the event, a person leaving the group: the invitation says nothing more)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(invitee=user, event__in=Event.objects.visible_to(user).values("pk"))

    def pending(self):
        return self.filter(status=InvitationStatus.PENDING)


class Invitation(models.Model):
    """A person invited to an event by someone who shares a group with them (or by the organisers of the group)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "invitee"], name="invitation_once_per_person")]
        indexes = [models.Index(fields=["invitee", "status"])]

    def __str__(self) -> str:
        return f"{self.invitee_id} invited to {self.event_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class ReminderSlot(models.TextChoices):
    DAY_BEFORE = "day", _("the day before")
    HOUR_BEFORE = "hour", _("an hour before")


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A reminder is its person's alone, while they may read the event."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user, event__in=Event.objects.visible_to(user).values("pk"))


class Reminder(models.Model):
    """A reminder sent to a person going to one occurrence of an event. The row is the proof it was sent: the
    unique constraint makes the periodic command send it once, however often and wherever it runs."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_reminders")
    slot = models.CharField(max_length=4, choices=ReminderSlot.choices)
    occurrence_start = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "slot", "occurrence_start"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.slot} reminder of {self.event_id} to {self.user_id}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class AgendaPreference(models.Model):
    """What a person wants to hear of events. No row: the defaults (both reminders, no news of new events)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_preference")
    remind_day_before = models.BooleanField(_("remind me the day before an event I go to"), default=True)
    remind_hour_before = models.BooleanField(_("remind me an hour before an event I go to"), default=True)
    new_events_in_my_groups = models.BooleanField(_("tell me of each new event in my groups"), default=False)

    def __str__(self) -> str:
        return f"agenda preferences of {self.user_id}"


class PhotoStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class EventPhotoQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published photos of the events the reader may read: the album follows its event's rule, so a group
        turning private takes its albums with it."""
        return self.filter(status=PhotoStatus.PUBLISHED, event__in=Event.objects.visible_to(user).values("pk"))


class EventPhoto(models.Model):
    """A photo its participants add to an event's album once it has begun, through the media pipeline (checked by
    content, re-encoded without its metadata, private storage served after the album's rule)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_photos")
    image = models.ImageField(upload_to="events/album/%Y/%m/", storage=private_storage)
    image_small = models.ImageField(upload_to="events/album/%Y/%m/", storage=private_storage)
    alt_text = models.CharField(_("description of the photo"), max_length=300)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PhotoStatus.choices, default=PhotoStatus.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"photo {self.pk} of {self.event_id}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url() + "#album"
