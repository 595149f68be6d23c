"""A storm of simultaneous answers on one event, through a live server with its own threads and connections."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core.servers.basehttp import WSGIServer
from django.utils import timezone

from parvis.accounts.models import ApiScope, ApiToken, User, hash_token
from parvis.agenda.models import Event, Rsvp, RsvpStatus
from parvis.agenda.services.events import event_create
from parvis.agenda.services.rsvps import rsvp_set
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create
from tests.factories import make_user

ATTEMPTS = 500
CAPACITY = 50

# The live server is Django's threaded development server, whose listen backlog (10) drops connections when 32
# clients knock at once on a busy 2-core machine. A production server's backlog is larger; give this one the same.
WSGIServer.request_queue_size = 256


def answer(url: str, token: str, status: str) -> int:
    """One person's answer. Answering "going" twice is the same as once, so a dropped connection is retried, as a
    browser or an app would."""
    for attempt in range(3):
        try:
            return _put(url, token, status)
        except urllib.error.HTTPError:
            raise  # an answer from the server, right or wrong, is never retried
        except (ConnectionError, urllib.error.URLError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _put(url: str, token: str, status: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps({"status": status}).encode(),
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=900) as response:
        return response.status


@pytest.mark.django_db(transaction=True)
def test_500_simultaneous_answers_fill_exactly_50_places_and_cancellations_promote_exactly(live_server, beauvais):
    password = make_password("x")
    owner = make_user("orga@example.org", display_name="Orga", home_commune=beauvais)
    space = space_create(
        creator=owner,
        name="Apéro géant",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )
    event = event_create(
        creator=owner,
        space=space,
        title="Apéro géant sur le parvis",
        start=timezone.now() + timedelta(days=2),
        end=timezone.now() + timedelta(days=2, hours=3),
        capacity=CAPACITY,
    )
    people = User.objects.bulk_create(
        [User(email=f"p{index}@example.org", password=password) for index in range(ATTEMPTS)]
    )
    tokens = {}
    expiry = timezone.now() + timedelta(days=1)
    for person in people:
        raw = ApiToken.generate_raw()
        tokens[person.pk] = raw
        ApiToken(
            user=person, name="t", token_hash=hash_token(raw), hint=raw[:8], scope=ApiScope.WRITE, expires_at=expiry
        ).save()
    url = f"{live_server.url}/api/v1/agenda/events/{event.pk}/rsvp"

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda raw: answer(url, raw, "going"), tokens.values()))

    assert statuses == [200] * ATTEMPTS
    event.refresh_from_db()
    assert event.going_count == CAPACITY
    assert Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count() == CAPACITY
    assert Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).count() == ATTEMPTS - CAPACITY
    assert Rsvp.objects.filter(event=event).count() == ATTEMPTS  # nobody counted twice

    # Ten of those who have a place cancel at the same time: exactly the first ten of the waiting list move up.
    going = list(Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).values_list("user_id", flat=True)[:10])
    first_waiting = list(
        Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING)
        .order_by("waiting_since", "pk")
        .values_list("user_id", flat=True)[:10]
    )
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda user_id: answer(url, tokens[user_id], "not_going"), going))
    event.refresh_from_db()
    assert event.going_count == CAPACITY
    promoted = set(
        Rsvp.objects.filter(event=event, status=RsvpStatus.GOING, user_id__in=first_waiting).values_list(
            "user_id", flat=True
        )
    )
    assert promoted == set(first_waiting)
    assert Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).count() == ATTEMPTS - CAPACITY - 10


def test_going_twice_takes_one_place_and_leaving_frees_it(inhabitant, neighbour, spaces):
    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Atelier",
        start=timezone.now() + timedelta(days=1),
        end=timezone.now() + timedelta(days=1, hours=2),
        capacity=1,
    )
    rsvp_set(user=neighbour, event=event, status="going")
    rsvp_set(user=neighbour, event=event, status="going")
    event.refresh_from_db()
    assert event.going_count == 1
    assert rsvp_set(user=inhabitant, event=event, status="going").status == RsvpStatus.WAITING
    rsvp_set(user=neighbour, event=event, status="not_going")
    event.refresh_from_db()
    assert event.going_count == 1
    assert Rsvp.objects.get(event=event, user=inhabitant).status == RsvpStatus.GOING
    assert Event.objects.get(pk=event.pk).places_left == 0
