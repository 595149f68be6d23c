"""The one way to notify: `notify(kind, target, actor, recipients, verb)`, and `notify_grouped` for what is told
as one row updated (reactions: "Anne and 2 other people reacted to your post").

- `kind`: the name of a kind of content of the registry (`parvis.core.kinds`), `target` one object of it;
- `actor`: the person who did it, or None (an alert, a reminder);
- `recipients`: people (an iterable of users; inactive ones, the actor and those who may not read the target are
  left out);
- `verb`: why, one of `models.Kind` (`Kind.ALERT` for an alert) or a verb of the kind of content.

Each recipient gets what they chose for the kind of notification the verb is filed under (`channels`): the row on
the site, the e-mail (at once or in the digest, by their e-mail frequency), the push to their devices, or nothing.
An app below this one (a content app) reaches it through the hooks of `core.hooks`, after its transaction commits:
- `activity.send(kind=…, target_id=…)`: its kind's `audience` says whom to tell and why (a new post, an invitation);
- `tell.send(kind=…, target_id=…, verb=…, recipient_ids=[…], actor_id=None, key="")`: tell these people. An alert of
  `parvis/alerts` is `tell.send(kind="<its kind>", target_id=alert.pk, verb="alert", recipient_ids=[…], key=…)`:
  filed under "alert", each person gets it by their channels (the site, e-mail, their devices by default);
- `reacted.send(kind=…, target_id=…, actor_id=…)`: one more reaction, told grouped to the target's author;
- `notify_at_once(...)`: tell and e-mail at once whatever the digest (a water cut tomorrow), "never" respected.
An app above (site) may import `notify` itself.

`kind` is the name of a kind of content in the registry (`parvis.core.kinds`); the registry says the target's space
and whether each recipient may read it (`visible_to`). This module names no kind of content: a new kind is notified
about without editing it.

THE RULE (see `services`): a person is notified only if they may read the target now, never for their own act, and
once per target whatever the number of reasons (the first call for a target wins: call the most specific reason
first) or of times a task runs (the (recipient, event_key) key is unique).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parvis.core import kinds
from parvis.core.viewer import viewer_changed

from . import push_tasks
from .channels import EMAIL, IN_APP, KINDS, PUSH, channels_of, kind_of_reason
from .models import EmailFrequency, Kind, Notification, NotificationPreference


def event_key(kind: str, target) -> str:
    return f"{kind}:{target.pk}"


def _may_read(content_kind: kinds.ContentKind, people: list, target) -> list:
    """Those who may read the target by its kind's rule. Something an anonymous visitor may read costs one query;
    otherwise one per person, which only private content pays."""
    if content_kind.visible_to(None).filter(pk=target.pk).exists():
        return people
    return [person for person in people if content_kind.visible_to(person).filter(pk=target.pk).exists()]


def notify(kind: str, target, actor, recipients, verb: str, *, key: str = "") -> list[Notification]:
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
    key = key or event_key(kind, target)
    chosen = {}
    for person in recipients:
        if person is None or not person.is_active or (actor is not None and person.pk == actor.pk):
            continue  # never for one's own act
        chosen.setdefault(person.pk, person)
    readers = _may_read(content_kind, list(chosen.values()), target)
    filed = kind_of_reason(verb, kind)
    own_email = KINDS[filed].own_email
    channels = channels_of([person.pk for person in readers], filed)
    readers = [person for person in readers if channels[person.pk]]  # "none": not even a row
    now = timezone.now()
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
                # Off the site: kept (the e-mail and the push link to it) but read, so no badge calls for it.
                read_at=None if IN_APP in channels[person.pk] else now,
                on_site=IN_APP in channels[person.pk],
                # No e-mail for this kind: handled, so that neither the immediate e-mail nor the digest takes it.
                emailed_at=None if EMAIL in channels[person.pk] and not own_email else now,
                pushed_at=None if PUSH in channels[person.pk] else now,
            )
            for person in readers
        ],
        ignore_conflicts=True,  # told already (a more specific reason, or the task ran before): the first one stays
    )
    if readers:
        viewer_changed()  # their header's badge, even when a task outside any request told them
        _push_after_commit(Notification.objects.filter(event_key=key, pushed_at__isnull=True))
    immediate = NotificationPreference.objects.filter(email_frequency=EmailFrequency.IMMEDIATE).values("user_id")
    return list(Notification.objects.filter(event_key=key, recipient__in=immediate).unsent())


def _push_after_commit(pending) -> None:
    for notification_id in pending.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=notification_id: push_tasks.push_notification.enqueue(notification_id=pk))


def notify_grouped(kind: str, target, actor, recipient, verb: str = Kind.REACTIONS) -> Notification | None:
    """Tell `recipient` (the author of the target, usually) that one more person did `verb`: one row per target,
    updated ("Anne and 2 other people reacted to your post") and brought back to the top, unread, rather than a
    row per reaction. The count starts again once the person has read it."""
    content_kind = kinds.get(kind)
    if content_kind is None:
        raise ValueError(f"unknown kind of content {kind!r}")
    if recipient is None or not recipient.is_active or actor is None or actor.pk == recipient.pk:
        return None
    if not _may_read(content_kind, [recipient], target):
        return None
    channels = channels_of([recipient.pk], kind_of_reason(verb, kind))[recipient.pk]
    if not channels:
        return None
    key = f"{verb}:{kind}:{target.pk}"[:64]
    now = timezone.now()
    fresh = {
        "read_at": None if IN_APP in channels else now,
        "on_site": IN_APP in channels,
        "emailed_at": None if EMAIL in channels else now,
        "pushed_at": None if PUSH in channels else now,
    }
    with transaction.atomic():
        row = Notification.objects.select_for_update().filter(recipient=recipient, event_key=key).first()
        if row is None:
            row = Notification.objects.create(
                recipient=recipient,
                kind=verb,
                actor=actor,
                space=content_kind.space(target),
                target_kind=kind,
                target_id=target.pk,
                event_key=key,
                **fresh,
            )
        else:
            # Unread: one more person joins the group. Read: a new group starts with this person.
            others = F("others") + 1 if row.read_at is None and row.actor_id != actor.pk else 0
            if row.read_at is None and row.actor_id == actor.pk:
                others = F("others")
            Notification.objects.filter(pk=row.pk).update(actor=actor, created_at=now, others=others, **fresh)
            row.refresh_from_db()
    viewer_changed()
    if row.pushed_at is None:
        _push_after_commit(Notification.objects.filter(pk=row.pk))
    return row
