"""Every write on notifications: who is told about an event, marking read, e-mail preferences.

THE RULE: a person is notified only if they may read the content now (the visibility rule of the spaces), never
for their own act, and once per event. Display and e-mail check visibility again (see `still_visible_to`).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.core.viewer import viewer_changed

from . import channels, emails
from .models import ChannelChoice, EmailFrequency, Notification, NotificationPreference
from .notify import event_key, notify, notify_grouped


def notification_fan_out(*, kind: str, target_id: int) -> list[Notification]:
    """Create the notifications that a new object of `kind` calls for: its app says whom it wants told and why
    (the kind's `audience`), `notify` keeps those who may read it. Returns those still waiting for an immediate
    e-mail. Idempotent: the (recipient, event) key is unique, so a retried task creates nothing new."""
    content_kind = kinds.get(kind)
    if content_kind is None or content_kind.audience is None:
        raise ValueError(f"nobody is told about the kind {kind!r}")
    planned = content_kind.audience(target_id)
    if planned is None:
        return []
    target, actor, reasons = planned
    pending: list[Notification] = []
    for recipients, verb in reasons:  # the most specific reason first: a person is told once, for the first
        pending = notify(kind, target, actor, recipients, verb)
    return pending


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.for_recipient(user).filter(pk=notification_id).still_visible_to(user).first()
    if notification is None:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        viewer_changed()  # the header's badge
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Marks every unread notification of the person, including those whose content they can no longer read
    (which they do not see, and which must not come back if they rejoin the space)."""
    marked = Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())
    if marked:
        viewer_changed()  # the header's badge
    return marked


def notification_preference_get(*, user: User) -> NotificationPreference:
    """The person's preference, unsaved with the defaults when they never chose (no row for every account)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


@transaction.atomic
def notification_preference_set(*, user: User, email_frequency: str) -> NotificationPreference:
    if email_frequency not in EmailFrequency.values:
        raise ValidationError({"email_frequency": _("Choose how often we e-mail you.")})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": email_frequency}
    )
    return preference


def notification_preference_unsubscribe(*, user_id: int) -> NotificationPreference | None:
    """The one-click link of the e-mails (a signed user id): no more e-mail, the notifications stay on the site."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return notification_preference_set(user=user, email_frequency=EmailFrequency.NEVER)


# --- E-mail ----------------------------------------------------------------------------------------------------------

# A digest carries the notifications of the last week at most: older ones (a person who switched from "never" to
# "daily", a digest that failed for days) are stale, and stay on the notifications page.
DIGEST_WINDOW = timedelta(days=7)


def notification_email_send(*, notification_id: int) -> str:
    """E-mail one notification to a person who chose "immediate". Idempotent: the notification is marked as e-mailed
    before the e-mail leaves (and unmarked if sending fails), so a retried task never sends it twice."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    recipient = notification.recipient
    if notification_preference_get(user=recipient).email_frequency != EmailFrequency.IMMEDIATE:
        return "not immediate"  # the person changed their mind since: the digest (or nothing) takes it
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return "already sent"
    # Visibility again, at sending time: the person may have left the space, or the post been hidden, since.
    # A notification that fails this check stays marked as handled: it must not go out later in a digest either.
    visible = (
        Notification.objects.for_recipient(recipient)
        .filter(pk=notification.pk)
        .still_visible_to(recipient)
        .for_list()
        .first()
    )
    if visible is None or not recipient.is_active or not recipient.email:
        return "not visible"
    try:
        sent = emails.send_notification(recipient, visible)
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # let the retry send it
        raise
    return "sent" if sent else "not visible"


def digest_send(*, user: User) -> int:
    """One e-mail with the person's unsent notifications of the last week that they may still read; returns how
    many it carried. Idempotent: the notifications are claimed (marked e-mailed) before sending."""
    if not user.is_active or not user.email:
        return 0
    since = timezone.now() - DIGEST_WINDOW
    recent = Notification.objects.for_recipient(user).unsent().filter(created_at__gte=since)
    ids = list(recent.still_visible_to(user).values_list("pk", flat=True))
    if not ids:
        return 0
    stamp = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    # Only those this run claimed: a digest running at the same time took the others.
    claimed = Notification.objects.filter(pk__in=ids, emailed_at=stamp).for_list()
    items = list(claimed)
    if not items:
        return 0
    try:
        emails.send_digest(user, items)
    except Exception:
        Notification.objects.filter(pk__in=[item.pk for item in items], emailed_at=stamp).update(emailed_at=None)
        raise
    NotificationPreference.objects.update_or_create(user=user, defaults={"last_digest_at": stamp})
    return len(items)


def digests_send_daily() -> int:
    """The daily run (task `send_daily_digests`, command `notifications_digest`): one e-mail per person on the
    daily digest (the default) who has something new. Returns the number of e-mails sent."""
    since = timezone.now() - DIGEST_WINDOW
    not_daily = NotificationPreference.objects.exclude(email_frequency=EmailFrequency.DAILY).values("user_id")
    people = (
        User.objects.filter(
            is_active=True,
            pk__in=Notification.objects.unsent().filter(created_at__gte=since).values("recipient_id"),
        )
        .exclude(pk__in=not_daily)
        .order_by("pk")
    )
    return sum(1 for person in people.iterator() if digest_send(user=person))


def notification_send_at_once(
    *, kind: str, target, actor, recipients, verb: str, email_kind: str, email_to=None
) -> int:
    """Tell the recipients who may read the target (`notify`) and e-mail them at once whatever their digest setting:
    a water cut tomorrow cannot wait for the evening digest. Only "never" is respected: it is the one-click
    unsubscribe. `email_to` (people or a QuerySet of them), when given, e-mails only those of the recipients. Each
    e-mail is claimed before sending and released on failure, so a retried task never sends twice. Returns the
    number of e-mails sent. Lower apps reach it through `core.hooks.notify_at_once`."""
    notify(kind, target, actor, recipients, verb)
    never = NotificationPreference.objects.filter(email_frequency=EmailFrequency.NEVER).values("user_id")
    sent = 0
    pending = Notification.objects.filter(event_key=event_key(kind, target), recipient__in=recipients).exclude(
        recipient__in=never
    )
    if email_to is not None:
        # The others are told in the app only: marked as handled, so that no digest e-mails it to them later.
        Notification.objects.filter(event_key=event_key(kind, target), emailed_at__isnull=True).exclude(
            recipient__in=email_to
        ).update(emailed_at=timezone.now())
        pending = pending.filter(recipient__in=email_to)
    for notification in pending.unsent().select_related("recipient").for_list():
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue
        if not notification.recipient.email:
            continue
        try:
            sent += emails.send_notification(notification.recipient, notification, kind=email_kind)
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
    return sent


# --- Channels per kind of notification ---------------------------------------------------------------------------


@transaction.atomic
def notification_channels_set(*, user: User, choices: dict) -> None:
    """`choices`: {kind of notification: channels (a subset of `channels.CHANNELS`)}, for some or all kinds. A
    choice equal to the kind's default is stored as no row, so that a better default later reaches everyone who
    never chose."""
    unknown = sorted(set(choices) - set(channels.KINDS))
    if unknown:
        raise ValidationError(_("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    for kind, chosen in choices.items():
        chosen = frozenset(chosen)
        if not chosen <= set(channels.CHANNELS):
            raise ValidationError(_("Choose among: on the site, by e-mail, on my devices."))
        if chosen == channels.KINDS[kind].default:
            ChannelChoice.objects.filter(user=user, kind=kind).delete()
        else:
            ChannelChoice.objects.update_or_create(
                user=user, kind=kind, defaults={channel: channel in chosen for channel in channels.CHANNELS}
            )


def notification_tell(
    *, kind: str, target_id: int, verb: str, recipient_ids, actor_id: int | None = None, key: str = ""
) -> list[Notification]:
    """What `core.hooks.tell` asks, after commit: tell these people about this target for this reason, each by
    their channels (`notify`). Returns those waiting for an immediate e-mail. Idempotent (the event key is unique
    per person)."""
    content_kind = kinds.get(kind)
    target = content_kind.objects().filter(pk=target_id).first() if content_kind is not None else None
    if target is None:
        return []
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    recipients = list(User.objects.filter(pk__in=list(recipient_ids), is_active=True))
    return notify(kind, target, actor, recipients, verb, key=key)


def notification_reaction(*, kind: str, target_id: int, actor_id: int) -> Notification | None:
    """What `core.hooks.reacted` asks: the author of the target is told, one row per target grouping reactions."""
    content_kind = kinds.get(kind)
    target = content_kind.objects().filter(pk=target_id).first() if content_kind is not None else None
    actor = User.objects.filter(pk=actor_id).first()
    if target is None or actor is None:
        return None
    return notify_grouped(kind, target, actor, content_kind.author(target))


def wants_email_for(*, user: User, kind: str = "") -> bool:
    """`hooks.wants_email`: not "never", and (for a kind of notification) e-mail among its channels."""
    if notification_preference_get(user=user).email_frequency == EmailFrequency.NEVER:
        return False
    return not kind or kind not in channels.KINDS or channels.EMAIL in channels.channels_of([user.pk], kind)[user.pk]
