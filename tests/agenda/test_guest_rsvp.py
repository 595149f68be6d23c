import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from parvis.agenda.models import Rsvp, RsvpStatus
from parvis.agenda.services.events import event_create


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


def test_a_guests_link_shows_nothing_of_an_event_whose_group_is_no_longer_public(
    client, inhabitant, spaces, django_capture_on_commit_callbacks
):
    from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request
    from parvis.spaces.models import Visibility
    from parvis.spaces.services.spaces import space_update

    group = spaces["public"]
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event = event_create(
        creator=inhabitant, space=group, title="Bal SECRET-BAL", start=start, end=start + timedelta(hours=2)
    )
    confirmed = rsvp_guest_request(event=event, email="invite@example.org", name="Invité")
    rsvp_guest_confirm(token=confirmed.token)
    pending = rsvp_guest_request(event=event, email="tardif@example.org", name="Tardif")
    space_update(
        actor=inhabitant,
        space=group,
        name=group.name,
        description=group.description,
        visibility=Visibility.MEMBERS,
        join_policy=group.join_policy,
    )

    for rsvp in (confirmed, pending):
        page = client.get(f"/agenda/participation/{rsvp.token}/")
        assert page.status_code == 404
        assert "SECRET-BAL" not in page.content.decode()
        assert "(ou plus) valide." in page.content.decode()  # a clear sentence, not a bare 404
    # Confirming later, or asking for a place again, takes nothing.
    answer = client.post(f"/agenda/participation/{pending.token}/", follow=True)
    assert "SECRET-BAL" not in answer.content.decode()
    assert Rsvp.objects.get(pk=pending.pk).confirmed is False
    client.post(f"/agenda/participation/{confirmed.token}/", {"status": "interested"})
    assert Rsvp.objects.get(pk=confirmed.pk).status == RsvpStatus.GOING
    # Giving the place back is still possible.
    client.post(f"/agenda/participation/{confirmed.token}/", {"status": "not_going"})
    assert Rsvp.objects.get(pk=confirmed.pk).status == RsvpStatus.NOT_GOING
    event.refresh_from_db()
    assert event.going_count == 0
