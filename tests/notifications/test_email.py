"""E-mail: immediate or daily digest by preference, only what the recipient may still read, no private text."""

import re

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from parvis.notifications.emails import unsubscribe_token, unsubscribe_user_id
from parvis.notifications.models import EmailFrequency, Notification, NotificationPreference
from parvis.notifications.tasks import send_daily_digests
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member

from .conftest import prefer


def test_immediate_preference_sends_one_email_per_notification(spaces, inhabitant, neighbour, publish):
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    publish(author=inhabitant, space=spaces["public"], body="@dominique la fête des voisins est samedi")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [neighbour.email]
    assert "Camille" in message.subject
    assert "la fête des voisins est samedi" in message.body  # a public post is quoted
    assert reverse("notifications:preferences") in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert Notification.objects.get(recipient=neighbour).emailed_at is not None
    # The digest does not send it a second time.
    call_command("notifications_digest")
    assert len(mail.outbox) == 1


def test_daily_digest_is_the_default_and_sent_once(spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="@dominique réunion mardi")
    answer(author=inhabitant, post=post, body="@dominique et apporte le café")
    assert mail.outbox == []  # nothing at once: the default is the daily digest
    call_command("notifications_digest")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [neighbour.email]
    assert "2" in digest.subject
    assert "réunion mardi" in digest.body and "apporte le café" in digest.body
    html = digest.alternatives[0][0]
    assert reverse("notifications:preferences") in html
    # The link unsubscribes this person (its token is signed with the time it was made, so it is read back rather
    # than made again a second later).
    prefix = reverse("notifications:unsubscribe", kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    token = re.search(re.escape(prefix) + r"([^/\s]+)/", digest.body).group(1)
    assert unsubscribe_user_id(token) == neighbour.pk
    call_command("notifications_digest")
    send_daily_digests.call()
    assert len(mail.outbox) == 1


def test_email_about_a_private_space_does_not_quote_its_text(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    publish(author=inhabitant, space=spaces["members"], body="@dominique le code de la porte est 4521")
    call_command("notifications_digest")
    (digest,) = mail.outbox
    assert "4521" not in digest.body and "4521" not in digest.alternatives[0][0]
    assert spaces["members"].name in digest.body


def test_digest_skips_what_the_person_may_no_longer_read(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    publish(author=inhabitant, space=spaces["members"], body="@dominique rendez-vous au local")
    space_leave(space=spaces["members"], user=neighbour)
    call_command("notifications_digest")
    assert mail.outbox == []


def test_immediate_email_rechecks_visibility_at_sending_time(spaces, inhabitant, neighbour, publish):
    from parvis.notifications.services import notification_email_send

    add_member(spaces["members"], neighbour)
    publish(author=inhabitant, space=spaces["members"], body="@dominique à jeudi")  # daily: nothing sent yet
    notification = Notification.objects.get(recipient=neighbour)
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    space_leave(space=spaces["members"], user=neighbour)
    assert notification_email_send(notification_id=notification.pk) == "not visible"
    assert mail.outbox == []


def test_never_means_no_email(spaces, inhabitant, neighbour, publish):
    prefer(neighbour, EmailFrequency.NEVER)
    publish(author=inhabitant, space=spaces["public"], body="@dominique coucou")
    call_command("notifications_digest")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=neighbour).count() == 1  # still on the site


def test_unsubscribe_link_stops_the_emails(client, neighbour):
    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(neighbour)})
    assert client.get(url).status_code == 200  # a link checker opening it changes nothing
    assert not NotificationPreference.objects.filter(user=neighbour).exists()
    assert client.post(url).status_code == 200
    assert NotificationPreference.objects.get(user=neighbour).email_frequency == EmailFrequency.NEVER
    assert client.post(reverse("notifications:unsubscribe", kwargs={"token": "forged"})).status_code == 404
