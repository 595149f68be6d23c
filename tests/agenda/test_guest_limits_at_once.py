"""Confirmation e-mails asked at the same moment for one address and event are checked and counted in one step:
together they cannot send more e-mails than the limit."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.agenda.services.rsvps import GUEST_EMAILS_PER_ADDRESS_AND_EVENT, GuestEmailsLimited, rsvp_guest_request
from tests.concurrency import at_once


def test_simultaneous_requests_send_no_more_emails_than_the_limit(transactional_db, inhabitant, spaces):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_create(
        creator=inhabitant, space=spaces["public"], title="Brocante", start=start, end=start + timedelta(hours=2)
    )
    mail.outbox.clear()

    def ask():
        return rsvp_guest_request(event=event, email="cible@example.org", name="Invité", ip="192.0.2.9")

    results = at_once(4 * GUEST_EMAILS_PER_ADDRESS_AND_EVENT, ask)
    refused = [result for result in results if isinstance(result, GuestEmailsLimited)]
    accepted = [result for result in results if not isinstance(result, Exception)]
    assert len(accepted) == GUEST_EMAILS_PER_ADDRESS_AND_EVENT, results
    assert len(refused) == 3 * GUEST_EMAILS_PER_ADDRESS_AND_EVENT
    assert sum(1 for message in mail.outbox if "cible@example.org" in message.to) == GUEST_EMAILS_PER_ADDRESS_AND_EVENT
