"""Polls in the registry of content kinds (`parvis.core.kinds`), registered in `PollsConfig.ready`: moderation
reports, hides, removes and restores them, search finds them by their question, notifications tells the space's
members of a new one. None of those apps names polls."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.spaces.models import Membership

from .models import Poll, Status

# The reason a person is told of a poll: polls' own, with its sentence (notifications says it without knowing polls).
NEW_POLL_IN_MY_GROUP = "new_poll_in_my_group"


# Votes are kept while a poll is hidden: a restored poll is whole.
poll_moderate, poll_restore = kinds.status_moderation(
    Poll, hidden=Status.HIDDEN, removed=Status.REMOVED, published=Status.PUBLISHED
)


def poll_audience(poll_id: int):
    """The space's members are told of a new poll: it asks them something, unlike a post, which their feed shows.
    (Followers of a public space who are not members cannot vote, so they are not called to.)"""
    poll = Poll.objects.published().select_related("space", "author").filter(pk=poll_id).first()
    if poll is None:
        return None
    members = User.objects.filter(
        is_active=True, pk__in=Membership.objects.active().filter(space=poll.space).values("user_id")
    ).order_by("pk")
    return poll, poll.author, [(members, NEW_POLL_IN_MY_GROUP)]


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="poll",
            label=_("poll"),
            model=Poll,
            url_word="sondage",
            visible_to=lambda user: Poll.objects.visible_to(user).select_related("space", "author"),
            space=lambda poll: poll.space,
            author=lambda poll: poll.author,
            text=lambda poll: (poll.question, "\n".join(option.text for option in poll.options.all())),
            moderate=poll_moderate,
            restore=poll_restore,
            related=("space", "author"),
            audience=poll_audience,
            verbs={NEW_POLL_IN_MY_GROUP: _("%(actor)s asks a question in %(space)s (poll)")},
            search=kinds.SearchDocument(title="question", date="created_at", space="space", heading=_("Polls")),
        )
    )
