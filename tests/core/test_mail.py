"""Every e-mail leaves through one pipeline (`core.mail`): composed from `templates/emails/<kind>`, with the site's
name, the person's own name (or a bare "Bonjour," when there is none) and links on PARVIS_BASE_URL; claimed per
recipient so that a task run twice sends once; released when the mail server fails, so that the retry sends."""

import re
import smtplib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from parvis.agenda.models import RsvpStatus
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.participants import event_message_participants
from parvis.agenda.services.rsvps import rsvp_set
from parvis.agenda.tasks import notify_cancellation
from parvis.core.links import absolute_url
from parvis.core.mail import MailNotSent, compose, deliver
from parvis.core.models import MailClaim
from parvis.spaces.models import Membership, Visibility
from tests.factories import PASSWORD, add_member, make_user

BASE = "https://parvis.beauvais.example"
SITE = "Parvis du Beauvaisis"
KINDS = sorted(
    path.stem
    for path in (Path(__file__).resolve().parents[2] / "parvis" / "templates" / "emails").glob("*.txt")
    if path.stem != "base"
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.PARVIS_BASE_URL = BASE
    settings.PARVIS_SITE_NAME = SITE
    settings.LANGUAGE_CODE = "fr"


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def assert_well_made(message, *, greeting: str):
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert message.subject.startswith(f"[{SITE}] ")
    assert message.body.startswith(greeting + "\n"), message.body
    assert greeting in html
    assert SITE in message.body
    assert "Habitant" not in message.body and "Habitant" not in html
    assert links(message.body) and all(link.startswith(BASE + "/") for link in links(message.body)), message.body
    assert all(link.startswith(BASE + "/") for link in links(html)), html


def every_context():
    """What any kind may need, its links built by the one helper."""
    link = absolute_url("/agenda/evenements/1/")
    return {
        "title": "Marché du samedi",
        "reason": "Pluie",
        "link": link,
        "url": link,
        "activate_url": link,
        "password_reset_url": link,
        "signup_url": link,
        "subject": "Rappel",
        "message": "Rendez-vous à 9 h.",
        "sender_name": "Camille",
        "item": {"text": "Camille vous a mentionné", "url": link, "excerpt": "Bonjour"},
        "items": [{"text": "Camille vous a mentionné", "url": link, "excerpt": ""}],
        "count": 1,
        "more": 0,
        "preferences_url": link,
        "unsubscribe_url": link,
        "notifications_url": link,
        "decision": None,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_email_names_the_site_and_the_person_and_links_to_the_base_url(kind, neighbour, db):
    assert len(KINDS) >= 13
    context = every_context()
    if kind == "moderation_statement":
        context["decision"] = {"reason": "Publicité", "moderator_role": "la modération"}
    message = compose(kind=kind, to=neighbour, context=context)
    assert_well_made(message, greeting="Bonjour Dominique,")


@pytest.mark.parametrize("kind", ["agenda_cancelled", "notification", "account_password_reset"])
def test_a_person_without_a_name_is_greeted_without_one(kind, beauvais):
    nameless = make_user("anonyme@example.org", home_commune=beauvais)
    for to in (nameless, "invite@example.org"):
        message = compose(kind=kind, to=to, context=every_context())
        assert_well_made(message, greeting="Bonjour,")
        assert "Bonjour ," not in message.body and "Bonjour  " not in message.body


def test_an_email_is_written_in_the_language_of_its_recipient(neighbour):
    neighbour.language = "en"  # an account that records its language (the site's language otherwise)
    message = compose(kind="agenda_cancelled", to=neighbour, context=every_context())
    assert message.body.startswith("Hello Dominique,\n") and "is cancelled" in message.body


def test_the_signup_confirmation_links_to_the_base_url_whatever_host_the_request_named(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "noa@example.org", "password1": PASSWORD, "password2": PASSWORD, "accept_charter": "on"},
            HTTP_HOST="testserver",
        )
    [message] = mail.outbox
    assert_well_made(message, greeting="Bonjour,")
    assert any("/accounts/confirm-email/" in link for link in links(message.body))
    assert "testserver" not in message.body


def test_a_password_reset_greets_the_person_and_links_to_the_base_url(
    client, neighbour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": neighbour.email})
    [message] = mail.outbox
    assert_well_made(message, greeting="Bonjour Dominique,")
    assert any("/accounts/password/reset/key/" in link for link in links(message.body))


def test_a_reset_asked_for_an_unknown_address_links_to_the_signup_on_the_base_url(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "inconnu@example.org"})
    [message] = mail.outbox
    assert_well_made(message, greeting="Bonjour,")
    assert absolute_url("/accounts/signup/") in message.body


# --- claims and retries ---------------------------------------------------------------------------------------------


class FailingBackend(EmailBackend):
    """A mail server that refuses the next `failures` messages, then accepts (a server down for a while)."""

    failures = 0

    def send_messages(self, messages):
        if FailingBackend.failures > 0:
            FailingBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(messages)


@pytest.fixture
def workshop(inhabitant, neighbour, spaces, django_capture_on_commit_callbacks):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_create(
        creator=inhabitant,
        space=spaces[Visibility.PUBLIC],
        title="Atelier vélo",
        start=start,
        end=start + timedelta(hours=2),
    )
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    mail.outbox.clear()
    return event


def test_a_task_run_twice_sends_once(inhabitant, neighbour, workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=inhabitant, event=workshop, reason="Pluie")
    assert [message.to for message in mail.outbox] == [[neighbour.email]]
    assert_well_made(mail.outbox[0], greeting="Bonjour Dominique,")

    assert notify_cancellation.call(event_id=workshop.pk) == 0  # the same task again: claimed, not sent again
    assert len(mail.outbox) == 1


def test_a_message_to_participants_is_sent_once_per_message_not_once_ever(
    inhabitant, neighbour, workshop, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            event_message_participants(sender=inhabitant, event=workshop, subject="Rappel", body="Apportez un casque.")
    assert [message.to for message in mail.outbox] == [[neighbour.email], [neighbour.email]]
    assert mail.outbox[0].body.count("Apportez un casque.") == 1
    assert "Message de Camille" in mail.outbox[0].body


def test_a_failing_mail_server_releases_the_claim_and_the_retry_sends(
    settings, inhabitant, neighbour, workshop, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=inhabitant, event=workshop, reason="Pluie")

    # The first run failed, released its claim and enqueued itself again; the second run sent the e-mail, once.
    assert FailingBackend.failures == 0
    assert [message.to for message in mail.outbox] == [[neighbour.email]]
    assert MailClaim.objects.filter(address=neighbour.email).count() == 1


def test_deliver_removes_its_claim_when_sending_fails(settings, neighbour):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures = 1
    message = compose(kind="agenda_cancelled", to=neighbour, context=every_context())
    with pytest.raises(MailNotSent):
        deliver(message, key="test:failure")
    assert not MailClaim.objects.filter(key="test:failure").exists()
    assert deliver(message, key="test:failure") == 1  # the retry sends
    assert deliver(message, key="test:failure") == 0  # and only once
    assert len(mail.outbox) == 1


def test_a_private_message_email_is_sent_after_a_mail_server_failure(
    settings, inhabitant, neighbour, spaces, django_capture_on_commit_callbacks
):
    from parvis.messaging.services import conversation_start

    add_member(spaces[Visibility.MEMBERS], neighbour)
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour !")
    assert [message.to for message in mail.outbox] == [[neighbour.email]]
    assert_well_made(mail.outbox[0], greeting="Bonjour Dominique,")
    assert "Camille" in mail.outbox[0].subject


def test_a_person_who_switched_to_english_gets_english_emails(client, neighbour, django_capture_on_commit_callbacks):
    client.force_login(neighbour)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    neighbour.refresh_from_db()
    assert neighbour.language == "en"
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": neighbour.email}, HTTP_ACCEPT_LANGUAGE="fr")
    [message] = mail.outbox
    assert message.body.startswith("Hello Dominique,\n")


def test_the_language_of_the_sign_in_is_remembered(client, neighbour):
    client.post("/accounts/login/", {"login": neighbour.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    neighbour.refresh_from_db()
    assert neighbour.language == "en"


def test_old_claims_are_purged_and_recent_ones_kept(db):
    from django.core.management import call_command

    MailClaim.objects.create(key="old", address="a@example.org")
    MailClaim.objects.create(key="recent", address="a@example.org")
    MailClaim.objects.filter(key="old").update(claimed_at=timezone.now() - timedelta(days=31))
    call_command("mail_claims_purge")
    assert list(MailClaim.objects.values_list("key", flat=True)) == ["recent"]


def test_a_recipient_who_lost_access_gets_nothing_and_nothing_is_claimed(
    inhabitant, neighbour, spaces, django_capture_on_commit_callbacks
):
    group = spaces[Visibility.MEMBERS]
    add_member(group, neighbour)
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_create(creator=inhabitant, space=group, title="Réunion", start=start, end=start + timedelta(hours=1))
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.INTERESTED)
    # Their answer is still there when the message leaves (the membership row removed without the service, which
    # would withdraw it), but they no longer read the group: the send-time check is what stops the e-mail.
    Membership.objects.filter(space=group, user=neighbour).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_message_participants(sender=inhabitant, event=event, subject="Ordre du jour", body="Point 1")
    assert mail.outbox == []
    assert not MailClaim.objects.filter(address=neighbour.email).exists()
