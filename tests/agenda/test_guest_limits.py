"""Answering an event without an account sends a confirmation e-mail: a few per address and event an hour, and a
ceiling per client address, so that nobody floods someone else's mailbox through the form."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parvis.agenda.models import Rsvp
from parvis.agenda.services.events import event_create
from parvis.agenda.services.rsvps import (
    GUEST_EMAILS_PER_ADDRESS_AND_EVENT,
    GUEST_EMAILS_PER_CLIENT,
    GuestEmailsLimited,
    rsvp_guest_request,
)


@pytest.fixture
def events(inhabitant, spaces):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return [
        event_create(
            creator=inhabitant, space=spaces["public"], title=title, start=start, end=start + timedelta(hours=2)
        )
        for title in ("Brocante", "Concert")
    ]


def ask(client, event, email: str, ip: str, capture):
    with capture(execute=True):
        response = client.post(
            f"/agenda/evenements/{event.pk}/participer-sans-compte/",
            {"email": email, "name": "Invité"},
            REMOTE_ADDR=ip,
            follow=True,
        )
    assert response.status_code == 200
    return response.content.decode()


def confirmations_to(address: str) -> int:
    return sum(1 for message in mail.outbox if address in message.to)


def test_a_few_confirmation_emails_per_address_and_event(client, events, django_capture_on_commit_callbacks):
    brocante, concert = events
    for attempt in range(GUEST_EMAILS_PER_ADDRESS_AND_EVENT):
        ask(client, brocante, "cible@example.org", f"192.0.2.{attempt + 1}", django_capture_on_commit_callbacks)
    assert confirmations_to("cible@example.org") == GUEST_EMAILS_PER_ADDRESS_AND_EVENT
    page = ask(client, brocante, "Cible@Example.org", "192.0.2.50", django_capture_on_commit_callbacks)
    assert "déjà été envoyés plusieurs fois" in page  # said in words, no error page
    assert confirmations_to("cible@example.org") == GUEST_EMAILS_PER_ADDRESS_AND_EVENT
    assert Rsvp.objects.filter(event=brocante, email="cible@example.org").count() == 1  # the answer is kept
    # Another event is another question.
    ask(client, concert, "cible@example.org", "192.0.2.50", django_capture_on_commit_callbacks)
    assert confirmations_to("cible@example.org") == GUEST_EMAILS_PER_ADDRESS_AND_EVENT + 1


def test_a_ceiling_per_client_address(client, events, django_capture_on_commit_callbacks):
    brocante, _concert = events
    for number in range(GUEST_EMAILS_PER_CLIENT):
        ask(client, brocante, f"personne{number}@example.org", "203.0.113.9", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == GUEST_EMAILS_PER_CLIENT
    page = ask(client, brocante, "une-de-plus@example.org", "203.0.113.9", django_capture_on_commit_callbacks)
    assert "déjà été envoyés plusieurs fois" in page
    assert confirmations_to("une-de-plus@example.org") == 0
    # Someone else, elsewhere, still answers.
    ask(client, brocante, "une-de-plus@example.org", "198.51.100.7", django_capture_on_commit_callbacks)
    assert confirmations_to("une-de-plus@example.org") == 1


def test_the_limits_hold_for_any_caller_of_the_service(events):
    brocante, _concert = events
    for _attempt in range(GUEST_EMAILS_PER_ADDRESS_AND_EVENT):
        rsvp_guest_request(event=brocante, email="cible@example.org", name="A")
    with pytest.raises(GuestEmailsLimited) as refused:
        rsvp_guest_request(event=brocante, email="cible@example.org", name="A")
    assert 1 <= refused.value.retry_after <= 3600
