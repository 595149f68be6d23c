"""Every notification e-mail leaves through the same check of what its recipient may read at that moment, whatever
called the sending (the immediate task, the digest, a landlord's announcement): nothing about a private space's
content goes to someone who left it, even when the caller forgot to look again."""

from django.core import mail

from parvis.notifications import emails
from parvis.notifications.models import Notification
from parvis.spaces.mail import send_about
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member


def about_post(post, text: str) -> dict:
    """An e-mail of the notification kind that quotes `text`."""
    item = {"text": text, "url": post.get_absolute_url(), "excerpt": text}
    return {"kind": "notification", "key": f"test:{post.pk}", "context": {"item": item}}


def test_notification_emails_recheck_the_recipient_when_they_leave(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    post = publish(author=inhabitant, space=spaces["members"], body="@dominique le code est SECRET-5120")
    notification = Notification.objects.get(recipient=neighbour)
    assert emails.send_notification(neighbour, notification) == 1  # a member: the control
    mail.outbox.clear()

    space_leave(space=spaces["members"], user=neighbour)
    assert emails.send_notification(neighbour, notification) == 0
    assert emails.send_digest(neighbour, [notification]) == 0
    assert send_about(to=neighbour, about=[post], **about_post(post, "SECRET-5120")) == 0
    assert send_about(to="quelqu-un@example.org", about=[post], **about_post(post, "SECRET-5120")) == 0
    assert mail.outbox == []


def test_a_public_post_may_be_mailed_to_anyone(spaces, inhabitant, outsider, publish):
    post = publish(author=inhabitant, space=spaces["public"], body="Fête des voisins")
    assert send_about(to=outsider, about=[post], **about_post(post, "Samedi")) == 1
    assert send_about(to="invite@example.org", about=[post, spaces["public"]], **about_post(post, "Samedi")) == 1
    assert [message.to for message in mail.outbox] == [[outsider.email], ["invite@example.org"]]
