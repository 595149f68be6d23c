"""Background work of notifications: fan-out after an event, immediate e-mails, the daily digest. Every task takes
plain ids and is idempotent (the services hold the rules and the deduplication)."""

from django_tasks import task

from parvis.core.mail import mail_task

from . import services


@task()
def fan_out(
    *, event: str, post_id: int | None = None, comment_id: int | None = None, membership_id: int | None = None
) -> int:
    """Enqueued after commit by posts (`post_created`, `comment_created`) and spaces (`join_requested`)."""
    pending = services.notification_fan_out(
        event=event, post_id=post_id, comment_id=comment_id, membership_id=membership_id
    )
    for notification in pending:
        send_notification_email.enqueue(notification_id=notification.pk)
    return len(pending)


@mail_task
def send_notification_email(*, notification_id: int) -> str:
    return services.notification_email_send(notification_id=notification_id)


@mail_task
def send_daily_digests() -> int:
    return services.digests_send_daily()
