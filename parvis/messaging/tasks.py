"""Background work of private messages: the e-mail "X sent you a message". Takes ids, idempotent."""

from parvis.core.mail import mail_task

from . import services


@mail_task
def send_message_email(*, message_id: int, recipient_id: int) -> str:
    return services.message_email_send(message_id=message_id, recipient_id=recipient_id)
