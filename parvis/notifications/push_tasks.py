"""Background work of Web Push: one task per notification (claims it, checks visibility), then one per device,
retried alone when its push service fails. Tasks take ids and plain values."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import push


@task()
def push_notification(*, notification_id: int) -> int:
    devices = push.push_notification_devices(notification_id=notification_id)
    for subscription_id, title, url in devices:
        push_to_device.enqueue(subscription_id=subscription_id, title=title, url=url)
    return len(devices)


@task()
def push_to_device(*, subscription_id: int, title: str, url: str, attempt: int = 1) -> str:
    try:
        return push.push_to_device(subscription_id=subscription_id, title=title, url=url)
    except push.PushNotSent:
        if attempt >= settings.PARVIS_PUSH_ATTEMPTS:
            raise
        retry = push_to_device
        if retry.get_backend().supports_defer:
            retry = retry.using(
                run_after=timezone.now() + timedelta(minutes=settings.PARVIS_MAIL_RETRY_MINUTES * attempt)
            )
        retry.enqueue(subscription_id=subscription_id, title=title, url=url, attempt=attempt + 1)
        return "retry"


def push_test(*, user) -> int:
    devices = push.push_test_devices(user=user)
    for subscription_id, title, url in devices:
        push_to_device.enqueue(subscription_id=subscription_id, title=title, url=url)
    return len(devices)
