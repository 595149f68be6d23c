import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from parvis.agenda.models import Rsvp, RsvpStatus
from parvis.agenda.services import event_create


def test_opening_the_confirmation_link_a_second_time_says_already_confirmed(
    client, inhabitant, spaces, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event = event_create(
        creator=inhabitant, space=spaces["public"], title="Troc de graines", start=start, end=start + timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/agenda/evenements/{event.pk}/participer-sans-compte/", {"email": "invite@example.org"})
    link = re.search(r"https?://[^/\s]+(/agenda/participation/[^\s]+/)", mail.outbox[-1].body).group(1)
    confirm_page = client.get(link).content.decode()  # the page with its "Confirm" button, opened in two tabs
    assert 'type="submit">' in confirm_page
    first = client.post(link, follow=True).content.decode()
    assert "Votre réponse est enregistrée." in first
    again = client.post(link, follow=True)  # the second tab's "Confirm", or the e-mail opened again
    page = again.content.decode()
    assert again.status_code == 200
    assert "Réponse inconnue." not in page
    assert "Votre réponse est déjà confirmée." in page
    assert Rsvp.objects.get(event=event).status == RsvpStatus.GOING  # nothing changed
    event.refresh_from_db()
    assert event.going_count == 1
    reopened = client.get(link).content.decode()
    assert "Votre réponse est déjà confirmée." in reopened
