"""The one e-mail of private messages. It says who wrote and links to the conversation; it never carries the text,
the subject nor the attachment, which stay behind the sign-in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from parvis.notifications.emails import unsubscribe_token


def send_new_message(recipient, message) -> None:
    base = settings.PARVIS_BASE_URL
    unsubscribe_url = base + reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(recipient)})
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "sender_name": message.sender.public_name if message.sender_id else "",
            "url": base + message.conversation.get_absolute_url(),
            "preferences_url": base + reverse("notifications:preferences"),
            "unsubscribe_url": unsubscribe_url,
            "site_name": settings.PARVIS_SITE_NAME,
        }
        subject = render_to_string("messaging/email/message_subject.txt", context).strip()
        body = render_to_string("messaging/email/message_body.txt", context)
    EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ).send()
