"""The one e-mail of private messages. It says who wrote and links to the conversation; it never carries the text,
the subject nor the attachment, which stay behind the sign-in."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from parvis.notifications.emails import unsubscribe_token
from parvis.spaces.mail import send_about


def send_new_message(recipient, message) -> int:
    """Sent through `send_about`: nothing leaves if the recipient may no longer read the message when the task runs
    (they left the conversation, or blocked its sender). Returns the number of e-mails sent."""
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
    return send_about(
        to=recipient,
        about=[message],
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
