"""The one e-mail of private messages. It says who wrote and links to the conversation; it never carries the text,
the subject nor the attachment, which stay behind the sign-in."""

from django.urls import reverse

from parvis.core import hooks
from parvis.core.links import absolute_url
from parvis.spaces.mail import send_about


def send_new_message(recipient, message) -> int:
    """Sent through `send_about`: nothing leaves if the recipient may no longer read the message when the task runs
    (they left the conversation, or blocked its sender). Returns the number of e-mails sent."""
    unsubscribe_url = hooks.unsubscribe_url(user=recipient)
    return send_about(
        to=recipient,
        about=[message],
        kind="private_message",
        key=f"messaging.message:{message.pk}",
        context={
            # The name the sender chose, never a made-up one: without it the e-mail says "a new message".
            "sender_name": message.sender.display_name if message.sender_id else "",
            "url": absolute_url(message.conversation.get_absolute_url()),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
