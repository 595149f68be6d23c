"""Background work of private messages: the e-mail "X sent you a message". Takes ids, idempotent."""

from django_tasks import task

from . import services


@task()
def send_message_email(*, message_id: int, recipient_id: int) -> str:
    return services.message_email_send(message_id=message_id, recipient_id=recipient_id)
