from django.core.mail import EmailMultiAlternatives

from parvis.core.mail import deliver, mail_task, new_key


@mail_task
def send_email(*, subject: str, body: str, html: str, from_email: str, to: list[str], key: str = "") -> int:
    """Sends one account e-mail rendered at request time (`accounts.adapter`), through the pipeline's claim: a
    task run twice sends once, and a failed sending is retried. Takes only plain values so that any queue back-end
    can carry it."""
    message = EmailMultiAlternatives(subject, body, from_email or None, to[:1])
    if html:
        message.attach_alternative(html, "text/html")
    # A task queued without a key (before keys existed) is sent without a claim.
    return deliver(message, key=f"accounts:{key or new_key()}")
