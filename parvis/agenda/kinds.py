"""Events in the registry of content kinds (`parvis.core.kinds`), registered in `AgendaConfig.ready`: moderation
reports, hides, removes and restores them, and search finds them. None of those apps names events."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Event, EventStatus, Occurrence

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


def register() -> None:
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
            search=kinds.SearchDocument(
                title="title", body="description", date="start", space="space", heading=_("Events")
            ),
        )
    )
