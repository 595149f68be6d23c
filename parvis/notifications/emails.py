"""Rendering and sending the notification e-mails. Callers (services.py) have already checked that the recipient
may read every notification passed here; this module decides how much of the content goes into the message, and
sends through `spaces.mail.send_about`, which checks that again when the e-mail leaves."""

import hashlib

from django.core import signing
from django.urls import reverse
from django.utils import translation

from parvis.core.links import absolute_url
from parvis.core.mail import recipient_language
from parvis.spaces.mail import may_read, send_about

from .models import Notification

UNSUBSCRIBE_SALT = "parvis.notifications.unsubscribe"
# How much of a post or comment an e-mail quotes, and how many items a digest lists (the rest are on the site).
EXCERPT_LENGTH = 280
DIGEST_MAX_ITEMS = 50


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _excerpt(notification: Notification) -> str:
    """The words quoted in the e-mail, or nothing.

    Only for what an anonymous visitor may read (its kind's rule for nobody): an e-mail leaves the instance for good
    (forwarded, read on a shared family computer, kept by the mail provider), and nothing can take it back when the
    person leaves the group or a moderator hides the post. For anything else the e-mail says who did what where,
    and the link leads to the text behind the sign-in and the visibility rule."""
    kind, target = notification.content_kind, notification.target
    if kind is None or target is None or not kind.visible_to(None).filter(pk=target.pk).exists():
        return ""
    title, body = kind.text(target)
    text = " ".join(" ".join(part for part in (title, body) if part).split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _item(notification: Notification) -> dict:
    return {
        "text": notification.text,
        "url": absolute_url(notification.target_url),
        "excerpt": _excerpt(notification),
        "created_at": notification.created_at,
    }


def _about(notification: Notification):
    """What a notification speaks of, for `send_about`'s check at sending time: its target (the space when the target
    is gone, which the check then refuses or the inbox had already left out)."""
    return notification.target or notification.space


def _send(recipient, kind: str, context: dict, about: list, key: str) -> int:
    token = unsubscribe_token(recipient)
    context |= {
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "unsubscribe_url": absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token})),
        "notifications_url": absolute_url(reverse("notifications:list")),
    }
    return send_about(
        to=recipient,
        about=about,
        kind=kind,
        key=key,
        context=context,
        # Mail programs show their own "unsubscribe" button with this header.
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_notification(recipient, notification: Notification, kind: str = "notification") -> int:
    """`kind` is the template: "notification", or "residence_announcement" (which says why it came at once)."""
    about = _about(notification)
    if about is None:
        return 0  # its target is gone and it had no space: nothing left to speak of
    with translation.override(recipient_language(recipient)):
        item = _item(notification)
    return _send(recipient, kind, {"item": item}, [about], key=f"notification:{notification.pk}")


def send_digest(recipient, notifications: list[Notification]) -> int:
    # Only what the person may still read when the digest leaves (it is checked once more in send_about).
    notifications = [
        notification
        for notification in notifications
        if _about(notification) is not None and may_read(recipient, _about(notification))
    ]
    if not notifications:
        return 0
    shown = notifications[:DIGEST_MAX_ITEMS]
    with translation.override(recipient_language(recipient)):
        items = [_item(notification) for notification in shown]
    # The digest is named by what it carries: a retry of the same claim sends it once.
    ids = ",".join(str(notification.pk) for notification in notifications)
    return _send(
        recipient,
        "notification_digest",
        {"items": items, "count": len(notifications), "more": len(notifications) - len(items)},
        [_about(notification) for notification in shown],
        key=f"notifications.digest:{recipient.pk}:{hashlib.sha256(ids.encode()).hexdigest()[:32]}",
    )
