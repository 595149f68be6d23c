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


def test_the_api_creates_one_event_per_idempotency_key(client, inhabitant, spaces):
    from parvis.accounts.services import api_token_create

    _token, raw = api_token_create(user=inhabitant, name="script", scope="write")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_IDEMPOTENCY_KEY": KEY}
    payload = {
        "space": spaces["public"].slug,
        "title": "Loto",
        "start": (timezone.now() + timedelta(days=2)).isoformat(),
    }
    for _attempt in range(2):
        assert (
            client.post("/api/v1/agenda/events", payload, content_type="application/json", **headers).status_code == 201
        )
    assert Event.objects.count() == 1
