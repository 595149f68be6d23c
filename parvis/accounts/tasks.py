from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, html: str, from_email: str, to: list[str]) -> int:
    """Sends one rendered e-mail. Takes only plain values so that any queue back-end can carry it."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
