"""Events in the registry of content kinds (`parvis.core.kinds`), registered in `AgendaConfig.ready`.

Events are searched; they are not reported through moderation yet (an event has no hidden or removed status: its
space's administrators cancel it), so the kind offers no moderation action."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Event


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
            actions=frozenset(),
            related=("space", "created_by"),
            search=kinds.SearchDocument(
                title="title", body="description", date="start", space="space", heading=_("Events")
            ),
        )
    )
