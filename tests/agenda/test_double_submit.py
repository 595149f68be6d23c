"""An event form sent twice publishes one event."""

from datetime import timedelta

from django.utils import timezone

from parvis.agenda.models import Event

KEY = "e" * 32


def test_an_event_sent_twice_with_the_same_key_is_published_once(signed_in, spaces):
    url = f"/agenda/espaces/{spaces['public'].slug}/nouvel-evenement/"
    assert 'name="submit_key"' in signed_in.get(url).content.decode()
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {"title": "Chorale", "start": start, "category": "culture", "submit_key": KEY}
    first = signed_in.post(url, data)
    second = signed_in.post(url, data)
    event = Event.objects.get()
    assert first["Location"] == second["Location"] == event.get_absolute_url()
