"""Writing to an event's participants."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.mail import new_key
from parvis.core.permissions import can
from parvis.core.text import clean_name

from ..models import Event
from ..tasks import send_participants_message

MESSAGES_PER_EVENT_PER_DAY = 3


def _count_message(event: Event) -> None:
    """Counted in the cache per event and per calendar day, and always on (unlike the anti-flood limits, which
    are off under pytest): it protects participants from being written to too often, a rule of the product."""
    key = f"agenda:messages:{event.uid}:{timezone.localdate().isoformat()}"
    cache.add(key, 0, timeout=2 * 24 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=2 * 24 * 3600)
        count = 1
    if count > MESSAGES_PER_EVENT_PER_DAY:
        raise ValidationError(
            _("Participants were already written to %(count)s times today: try again tomorrow.")
            % {"count": MESSAGES_PER_EVENT_PER_DAY}
        )


def event_message_participants(*, sender, event: Event, subject: str, body: str) -> None:
    """E-mail every confirmed participant (going, waiting, interested), one e-mail each, after the caller's commit.
    Addresses never leave the server: each person receives their own e-mail."""
    if not can(sender, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers write to its participants."))
    if event.is_moderated:
        raise ValidationError(_("An event hidden or removed by a moderator cannot be used to write to anyone."))
    subject, body = clean_name(subject), (body or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Give your message a subject.")})
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    if len(subject) > 150 or len(body) > 5000:
        raise ValidationError(_("The message is too long (150 characters for the subject, 5,000 for the text)."))
    _count_message(event)
    key = new_key()
    transaction.on_commit(
        lambda: send_participants_message.enqueue(
            event_id=event.pk, sender_id=sender.pk, subject=subject, body=body, key=key
        )
    )
