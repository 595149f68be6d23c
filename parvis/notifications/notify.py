"""The one way to notify: `notify(kind, target, actor, recipients, verb)`.

`kind` is the name of a kind of content in the registry (`parvis.core.kinds`); the registry says the target's space
and whether each recipient may read it (`visible_to`). This module names no kind of content: a new kind is notified
about without editing it.

THE RULE (see `services`): a person is notified only if they may read the target now, never for their own act, and
once per target whatever the number of reasons (the first call for a target wins: call the most specific reason
first) or of times a task runs (the (recipient, event_key) key is unique).
"""

from parvis.core import kinds

from .models import EmailFrequency, Kind, Notification, NotificationPreference


def event_key(kind: str, target) -> str:
    return f"{kind}:{target.pk}"


def _may_read(content_kind: kinds.ContentKind, people: list, target) -> list:
    """Those who may read the target by its kind's rule. Something an anonymous visitor may read costs one query;
    otherwise one per person, which only private content pays."""
    if content_kind.visible_to(None).filter(pk=target.pk).exists():
        return people
    return [person for person in people if content_kind.visible_to(person).filter(pk=target.pk).exists()]


def notify(kind: str, target, actor, recipients, verb: str) -> list[Notification]:
    """Tell each recipient who may read `target` that `actor` did `verb` (a `Kind` of notification, or one of the
    content kind's own `verbs`). Returns the
    notifications of this target still waiting for an immediate e-mail (the caller enqueues them)."""
    content_kind = kinds.get(kind)
    if content_kind is None:
        raise ValueError(f"unknown kind of content {kind!r}")
    if verb not in Kind.values and verb not in content_kind.verbs:
        raise ValueError(f"unknown reason to notify {verb!r}")
    # Kept on the row so that "where am I" is said on every item and the inbox checks the space in bulk; None for
    # content outside any space (a listing is scoped to a territory), which its kind's own rule alone decides.
    space = content_kind.space(target)
    key = event_key(kind, target)
    chosen = {}
    for person in recipients:
        if person is None or not person.is_active or (actor is not None and person.pk == actor.pk):
            continue  # never for one's own act
        chosen.setdefault(person.pk, person)
    readers = _may_read(content_kind, list(chosen.values()), target)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=verb,
                actor=actor,
                space=space,
                target_kind=kind,
                target_id=target.pk,
                event_key=key,
            )
            for person in readers
        ],
        ignore_conflicts=True,  # told already (a more specific reason, or the task ran before): the first one stays
    )
    immediate = NotificationPreference.objects.filter(email_frequency=EmailFrequency.IMMEDIATE).values("user_id")
    return list(Notification.objects.filter(event_key=key, recipient__in=immediate).unsent())
