"""Background work of notifications: fan-out after an event, immediate e-mails, the daily digest. Every task takes
plain ids and is idempotent (the services hold the rules and the deduplication)."""

from django_tasks import task

from parvis.core.mail import mail_task

from . import services


@task()
def fan_out(*, kind: str, target_id: int) -> int:
    """Enqueued after commit when something of a kind with an `audience` is created (`core.hooks.activity`)."""
    pending = services.notification_fan_out(kind=kind, target_id=target_id)
    for notification in pending:
        send_notification_email.enqueue(notification_id=notification.pk)
    return len(pending)


@mail_task
def send_notification_email(*, notification_id: int) -> str:
    return services.notification_email_send(notification_id=notification_id)


@mail_task
def send_daily_digests() -> int:
    return services.digests_send_daily()


@task()
def tell(**values) -> int:
    """Enqueued after commit by `core.hooks.tell` (a request accepted, a decision, a message, an alert)."""
    pending = services.notification_tell(**values)
    for notification in pending:
        send_notification_email.enqueue(notification_id=notification.pk)
    return len(pending)


@task()
def reaction(*, kind: str, target_id: int, actor_id: int) -> bool:
    notification = services.notification_reaction(kind=kind, target_id=target_id, actor_id=actor_id)
    if notification is not None and notification.emailed_at is None:
        # Sent only to those who chose "at once" (the service checks); the digest takes it for the others.
        send_notification_email.enqueue(notification_id=notification.pk)
    return notification is not None
