"""Extension points of the lower layers, filled by the apps above them in their `AppConfig.ready()`.

A module imports only from the layers below its own (docs/architecture.md; import-linter holds it in `make lint`).
When a lower app must trigger or ask something of a higher one (posts and spaces telling notifications that
something happened, messaging asking whether a person wants e-mails, core authenticating an API token), it calls a
hook here and the higher app registers the function that answers. Nothing registered (that app is not installed)
means the hook's default: nothing happens, or the default answer.
"""

import functools
from collections.abc import Callable

from django.db import transaction


class Event:
    """Something that happened. Each listener is called after the current transaction commits (nothing is told of
    what a rollback undid), with plain values or primary keys."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[Callable] = []

    def connect(self, function: Callable) -> Callable:
        if function not in self._listeners:
            self._listeners.append(function)
        return function

    def send(self, **values) -> None:
        for function in self._listeners:
            transaction.on_commit(functools.partial(function, **values))


class Question:
    """A question that one app above answers; `default` answers while none has registered."""

    def __init__(self, name: str, default: Callable) -> None:
        self.name = name
        self._default = default
        self._answer: Callable | None = None

    def answer_with(self, function: Callable) -> Callable:
        self._answer = function
        return function

    def __call__(self, **kwargs):
        return (self._answer or self._default)(**kwargs)


# `send(kind=…, target_id=…)`: something of a kind of the registry (`core.kinds`) was created (a post, a comment, a
# request to join); notifications listens, asks the kind's `audience` whom its app wants told, and tells those of
# them who may read it, by the visibility rule.
activity = Event("activity")

# `send(kind=…, target_id=…, verb=…, recipient_ids=[…], actor_id=None, key="")`: tell these people about this target
# for this reason (a request to join accepted, an organiser's decision, a private message, an alert of
# parvis/alerts). Notifications keeps those who may read the target and uses each one's channels for the kind of
# notification the verb is filed under; `key` makes the event unique when the target alone does not.
tell = Event("tell")

# `send(kind=…, target_id=…, actor_id=…)`: someone reacted to the target; its author is told, in one notification
# per target that groups the reactions ("Anne and 2 other people reacted to your post").
reacted = Event("reacted")

# `(token=…, method=…)` → the user of a personal API token, or None (accounts answers; core.api_auth asks); raises
# PermissionDenied with a `status` (401 expired, 403 read-only for a write) for a token it refuses.
api_token_user = Question("api_token_user", default=lambda *, token, method: None)

# `(user=…, kind="")` → False when the person asked for no e-mail at all (notifications' preference "never"), or none
# for that kind of notification (`kind`, e.g. "message").
wants_email = Question("wants_email", default=lambda *, user, kind="": True)

# `()` → a QuerySet of the ids of the people who asked for no e-mail at all (notifications' "never"), for counting
# in one query who an e-mail would reach (an authority's news: the preview says how many, never who).
no_email_people = Question("no_email_people", default=lambda: [])

# `(user=…)` → the absolute one-click unsubscribe link of the person's e-mails, or "" (notifications answers).
unsubscribe_url = Question("unsubscribe_url", default=lambda *, user: "")

# `(user=…, kind=…, target_id=…)` → True when the person handles a report on that target (moderation answers):
# a moderator judges a reported private message, attachment included, and nothing else of its conversation.
handles_report = Question("handles_report", default=lambda *, user, kind, target_id: False)

# `(kind=…, target=…, actor=…, recipients=…, verb=…, email_kind=…, email_to=None)` → the number of e-mails sent:
# notify the recipients who may read the target and e-mail them at once, whatever their digest choice but "never" (a
# landlord's announcement of a water cut tomorrow); `email_to`, when given, narrows the e-mails to those of them
# (an authority's news goes by e-mail only to those who said yes). Notifications answers.
notify_at_once = Question("notify_at_once", default=lambda **kwargs: 0)

# `(user_ids=…)` → the ids among them of élus whose mandate is verified and running (network answers; messaging asks,
# since writing to an élu needs the level of verification the operator chose, `core.permissions.LEVEL_DEFAULTS`).
elus_among = Question("elus_among", default=lambda *, user_ids: set())

# `(user=…)` → {"by": the manager's name, "on": when} when the person is a verified resident of a residence (by its
# code), else None (neighbours answers; accounts asks: it is the "residence" level of verification).
resident_verification = Question("resident_verification", default=lambda *, user: None)
