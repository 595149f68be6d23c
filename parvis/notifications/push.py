"""Every write on Web Push: the instance's VAPID key, a person's devices, and sending to them.

THE RULE: a push says only a title and a link, and goes only for a notification the person may still read (the
visibility rule asked again at send time, as for e-mails). Devices the push service says are gone are removed.
"""

import ipaddress
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import encryption
from parvis.core.fetch import FetchError, is_public_address, post_url
from parvis.core.links import absolute_url

from . import webpush
from .models import Notification, PushKey, PushSubscription

# A person rarely has more than a phone, a tablet and two computers; a script registering thousands is refused.
MAX_DEVICES = 20
GONE = {404, 410}


class PushNotSent(Exception):
    """The push service did not take the message (down, or too many requests): the task runs again later."""


def push_key() -> PushKey:
    """The instance's VAPID key, created at first use if `manage.py push_keys` has not run. Two processes creating
    it at once make two rows: the first one is the key, always."""
    key = PushKey.objects.order_by("pk").first()
    if key is None:
        private_pem, public_key = webpush.new_key_pair()
        PushKey.objects.create(private_pem=encryption.encrypt(private_pem), public_key=public_key)
        key = PushKey.objects.order_by("pk").first()
    return key


def _device_label(user_agent: str) -> str:
    """ "Firefox, Android": enough for a person to recognise their device in the list, nothing more kept."""
    agent = user_agent or ""
    browser = next(
        (
            name
            for token, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
            if token in agent
        ),
        "",
    )
    system = next(
        (
            name
            for token, name in (
                ("Android", "Android"),
                ("iPhone", "iOS"),
                ("iPad", "iOS"),
                ("Windows", "Windows"),
                ("Mac OS", "macOS"),
                ("Linux", "Linux"),
            )
            if token in agent
        ),
        "",
    )
    return ", ".join(part for part in (browser, system) if part) or _("Unknown device")


def push_subscription_register(
    *, user, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Remember a device of the person (what the browser's `PushManager.subscribe` gave). The same endpoint again
    (the device subscribed again, or another account signed in on it) is updated, never duplicated."""
    try:
        webpush.check_endpoint(endpoint)
    except webpush.PushEndpointRefused as error:
        raise ValidationError(
            {"endpoint": _("This browser gave an address we cannot send notifications to.")}
        ) from error
    try:
        webpush.check_keys(p256dh, auth)
    except webpush.PushEndpointRefused as error:
        raise ValidationError(
            {"keys": _("This browser gave keys we cannot use. Try again, or use another browser.")}
        ) from error
    existing = PushSubscription.objects.filter(endpoint=endpoint).first()
    if existing is None and PushSubscription.objects.filter(user=user).count() >= MAX_DEVICES:
        raise ValidationError(
            _("You already receive notifications on %(count)s devices: remove one first.") % {"count": MAX_DEVICES}
        )
    values = {"user": user, "p256dh": p256dh, "auth": auth, "label": _device_label(user_agent)[:80]}
    try:
        with transaction.atomic():
            subscription, _created = PushSubscription.objects.update_or_create(endpoint=endpoint, defaults=values)
    except IntegrityError:  # the same device registered twice at once: the other request saved it
        subscription = PushSubscription.objects.get(endpoint=endpoint)
    return subscription


def push_subscription_remove(*, user, subscription_id: int | None = None, endpoint: str | None = None) -> int:
    """Forget one of the person's devices (by id, or by the endpoint the browser knows). Returns how many."""
    devices = PushSubscription.objects.filter(user=user)
    if subscription_id is not None:
        devices = devices.filter(pk=subscription_id)
    elif endpoint:
        devices = devices.filter(endpoint=endpoint)
    else:
        return 0
    deleted, _details = devices.delete()
    return deleted


def _allowed_address(address) -> bool:
    if settings.PARVIS_PUSH_ALLOW_LOCAL and address == ipaddress.ip_address("127.0.0.1"):
        return True
    return is_public_address(address)


def push_to_device(*, subscription_id: int, title: str, url: str) -> str:
    """Send one encrypted message to one device. A device gone (404, 410) is removed; a refusal for the message
    itself (400, 413) is not retried; anything else raises PushNotSent for the retry."""
    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "missing"
    key = push_key()
    payload = json.dumps({"title": title, "url": url}, ensure_ascii=False).encode("utf-8")
    body = webpush.encrypt(payload, p256dh=subscription.p256dh, auth=subscription.auth)
    headers = {
        "Authorization": webpush.vapid_authorization(
            subscription.endpoint,
            private_pem=encryption.decrypt(key.private_pem),
            public_key=key.public_key,
            subject=settings.PARVIS_PUSH_CONTACT,
        ),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": str(webpush.TIME_TO_LIVE),
        "Urgency": "normal",
    }
    try:
        status = post_url(subscription.endpoint, body=body, headers=headers, is_allowed_address=_allowed_address)
    except FetchError as error:
        raise PushNotSent(str(error)) from error
    if status in GONE:
        PushSubscription.objects.filter(pk=subscription.pk).delete()
        return "gone"
    if 200 <= status < 300:
        PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
        return "sent"
    if status in {400, 403, 413}:
        return f"refused ({status})"
    raise PushNotSent(f"HTTP {status}")


def push_notification_devices(*, notification_id: int) -> list[tuple[int, str, str]]:
    """The (device, title, URL) to push for a notification, once: the row is claimed (`pushed_at`) first, and
    nothing goes for a notification whose target the person may no longer read."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return []
    if not Notification.objects.filter(pk=notification.pk, pushed_at__isnull=True).update(pushed_at=timezone.now()):
        return []  # pushed already (a retried task)
    recipient = notification.recipient
    visible = (
        Notification.objects.for_recipient(recipient)
        .filter(pk=notification.pk)
        .still_visible_to(recipient)
        .for_list()
        .first()
    )
    if visible is None or not recipient.is_active:
        return []
    # The link goes through the notifications page's "read" action would need a POST: the target's own page, which
    # the person may read (checked above), is the link.
    url = absolute_url(visible.target_url or reverse("notifications:list"))
    title = visible.text
    return [(pk, title, url) for pk in PushSubscription.objects.filter(user=recipient).values_list("pk", flat=True)]


def push_test_devices(*, user) -> list[tuple[int, str, str]]:
    """The "test" button: one message to each of the person's devices."""
    url = absolute_url(reverse("notifications:preferences"))
    title = _("Parvis notifications work on this device.")
    return [(pk, title, url) for pk in PushSubscription.objects.filter(user=user).values_list("pk", flat=True)]
