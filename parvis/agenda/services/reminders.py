"""Reminders to those going to an event: the day before and an hour before, as each person chose
(`AgendaPreference`). `manage.py agenda_reminders` runs `reminders_send` every few minutes; a `Reminder` row per
person, occurrence and slot, unique, makes each reminder go once however often the command runs, and in parallel.

A slot is due within a window before the occurrence: the day before from 24 h to 12 h before it (a reminder
"tomorrow" written at 11 p.m. for a 9 a.m. event still says the truth), an hour before from 60 min to the start.
Someone registered after a window passed is not reminded for that slot."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from parvis.core import hooks

from ..models import EventStatus, Occurrence, Rsvp, RsvpStatus
from ..participation import AgendaPreference, Reminder, ReminderSlot

# (slot, earliest before the start, latest before the start, the preference that turns it off)
WINDOWS = (
    (ReminderSlot.DAY_BEFORE, timedelta(hours=24), timedelta(hours=12), "remind_day_before"),
    (ReminderSlot.HOUR_BEFORE, timedelta(hours=1), timedelta(0), "remind_hour_before"),
)


def reminders_send(*, now: datetime | None = None) -> int:
    """Create the reminders due at `now` (default: the present) and tell each person in the app (and by e-mail as
    they chose for notifications). Returns how many were created."""
    now = now or timezone.now()
    created = 0
    for slot, earliest, latest, preference in WINDOWS:
        occurrences = Occurrence.objects.filter(
            status=EventStatus.PUBLISHED, start__gt=now + latest, start__lte=now + earliest
        ).values_list("event_id", "start")
        refused = AgendaPreference.objects.filter(**{preference: False}).values("user_id")
        for event_id, start in occurrences:
            going = (
                Rsvp.objects.filter(event_id=event_id, status=RsvpStatus.GOING, confirmed=True, user__is_active=True)
                .exclude(user_id__in=refused)
                .values_list("user_id", flat=True)
            )
            for user_id in going:
                reminder = _create_once(event_id=event_id, user_id=user_id, slot=slot, start=start)
                if reminder is not None:
                    created += 1
    return created


@transaction.atomic
def _create_once(*, event_id: int, user_id: int, slot: str, start: datetime) -> Reminder | None:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(event_id=event_id, user_id=user_id, slot=slot, occurrence_start=start)
    except IntegrityError:  # sent already (an earlier run, or another one at the same time)
        return None
    hooks.activity.send(kind="event_reminder", target_id=reminder.pk)
    return reminder


def agenda_preference_set(*, user, **choices) -> AgendaPreference:
    """Save a person's choices about reminders and news of events (the fields of `AgendaPreference`)."""
    allowed = {"remind_day_before", "remind_hour_before", "new_events_in_my_groups"}
    unknown = set(choices) - allowed
    if unknown:
        raise ValueError(f"unknown agenda preferences: {sorted(unknown)}")
    preference, _created = AgendaPreference.objects.get_or_create(user=user)
    for name, value in choices.items():
        setattr(preference, name, bool(value))
    preference.save()
    return preference
