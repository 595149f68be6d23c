"""Two hundred members vote on one poll at the same moment, through a live server with its own threads and database
connections: no ballot is lost, none counts twice, and the counts are exact. On SQLite and on PostgreSQL (the
test uses the database, so the PostgreSQL stage runs it too)."""

import json
import random
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core.servers.basehttp import WSGIServer
from django.db.models import Count
from django.utils import timezone

from parvis.accounts.models import ApiScope, ApiToken, User, hash_token
from parvis.polls.models import Poll, Vote
from parvis.polls.services import poll_create
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Role, Visibility
from parvis.spaces.services.spaces import space_create
from tests.factories import make_user

VOTERS = 200

# Django's threaded development server listens with a backlog of 10, which drops connections when 32 clients knock
# at once on a busy 2-core machine; a production server's is larger: give this one the same.
WSGIServer.request_queue_size = 256


def vote(url: str, token: str, option_ids: list[int]) -> int:
    """One ballot. Casting the same ballot twice is the same as once, so a dropped connection is retried, as an app
    would; an answer from the server, right or wrong, never is."""
    for attempt in range(3):
        request = urllib.request.Request(
            url,
            data=json.dumps({"options": option_ids}).encode(),
            method="PUT",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=900) as response:
                return response.status
        except urllib.error.HTTPError:
            raise
        except (ConnectionError, urllib.error.URLError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def counts(poll) -> Counter:
    """Ballots per answer, counted by the database."""
    rows = Vote.objects.filter(poll=poll).values("option_id").annotate(n=Count("id")).order_by()
    return Counter({row["option_id"]: row["n"] for row in rows})


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_ballots_are_all_counted_once_and_exactly(live_server, beauvais):
    owner = make_user("comite@example.org", display_name="Comité des fêtes", home_commune=beauvais)
    space = space_create(
        creator=owner,
        name="Comité des fêtes de Saint-Lucien",
        nature=Nature.ASSOCIATIF,
        territory=beauvais,
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.REQUEST,
    )
    poll = poll_create(
        author=owner,
        space=space,
        question="Quel thème pour la fête du quartier ?",
        options=["Guinguette", "Fête médiévale", "Carnaval"],
    )
    options = list(poll.options.order_by("position", "pk").values_list("pk", flat=True))
    password = make_password("x")
    people = User.objects.bulk_create(
        [User(email=f"votant{index}@example.org", password=password) for index in range(VOTERS)]
    )
    Membership.objects.bulk_create(
        [Membership(space=space, user=person, role=Role.MEMBER, status=MembershipStatus.ACTIVE) for person in people]
    )
    expiry = timezone.now() + timedelta(days=1)
    tokens = {}
    for person in people:
        raw = ApiToken.generate_raw()
        tokens[person.pk] = raw
        ApiToken(
            user=person, name="t", token_hash=hash_token(raw), hint=raw[:8], scope=ApiScope.WRITE, expires_at=expiry
        ).save()
    # Each person's choice, known in advance; each ballot is sent twice at once (a double tap on a slow network),
    # the copies shuffled among everyone else's.
    choice = {person.pk: options[index % len(options)] for index, person in enumerate(people)}
    ballots = [(person.pk, choice[person.pk]) for person in people] * 2
    random.Random(200).shuffle(ballots)
    url = f"{live_server.url}/api/v1/polls/{poll.pk}/vote"

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda ballot: vote(url, tokens[ballot[0]], [ballot[1]]), ballots))

    assert statuses == [200] * (2 * VOTERS)
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.voter_count == VOTERS  # nobody lost, nobody twice
    assert Vote.objects.filter(poll=poll).count() == VOTERS
    assert set(Vote.objects.filter(poll=poll).values_list("voter_id", "option_id")) == set(choice.items())
    expected = Counter(choice.values())
    assert counts(poll) == +expected

    # Fifty of them change their mind at the same time: the counts move exactly, the number of voters stays.
    changing = [person.pk for person in people[:50]]
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda pk: vote(url, tokens[pk], [options[2]]), changing))
    assert statuses == [200] * 50
    for pk in changing:
        expected[choice[pk]] -= 1
        expected[options[2]] += 1
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.voter_count == VOTERS
    assert Vote.objects.filter(poll=poll).count() == VOTERS
    assert counts(poll) == +expected
