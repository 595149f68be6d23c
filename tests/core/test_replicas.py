"""The read-replica router (parvis/core/routers.py): which reads may go to a replica, and that a person's reads after
their own write never do. The decisions first, then a run of real requests with DATABASE_REPLICA_URLS set, where the
replica alias is Django's test MIRROR of the test database (tests/core/replica_requests.py)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from parvis.accounts.models import User
from parvis.core import routers, viewer
from parvis.core.pagecache import GENERATION_KEY, cache_for_visitors
from parvis.core.routers import RECENT_WRITE_COOKIE, ReplicaReadsMiddleware, ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]
ROUTER = ReplicaRouter()


class CacheEntry:
    """What Django's database cache hands the router: a model-like class of the app "django_cache"."""

    class _meta:  # noqa: N801 - the shape of a model's _meta
        app_label = "django_cache"


class Replicas(dict):
    """Whether each replica answers (the dict) and how far behind it is (`lag`)."""

    lag: dict[str, float]


@pytest.fixture
def replicas(settings, monkeypatch):
    settings.PARVIS_DATABASE_REPLICAS = ["replica_1", "replica_2"]
    settings.PARVIS_REPLICA_LAG_SECONDS = 5
    answering = Replicas(replica_1=True, replica_2=True)
    monkeypatch.setattr(routers, "connection_answers", lambda alias: answering[alias])
    monkeypatch.setattr(routers, "_replica_down_until", {})
    # The aliases exist only in these tests' settings: their lag is what `lag` says (the real query runs on a real
    # standby in tests/scaled, and on a server that is not one below).
    lag = {"replica_1": 0.0, "replica_2": 0.0}
    monkeypatch.setattr(routers, "replica_lag", lambda alias: lag[alias])
    monkeypatch.setattr(routers, "_lag_checked_at", {})
    answering.lag = lag
    return answering


def serve(request, view):
    """Runs `view` as the request's view, behind the middleware; returns what it returned and the response."""
    seen = {}

    def get_response(request):
        seen["value"] = view()
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(get_response)(request)
    return seen["value"], response


def test_a_read_of_a_page_goes_to_a_replica(replicas):
    where, response = serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))
    assert where in {"replica_1", "replica_2"}
    assert RECENT_WRITE_COOKIE not in response.cookies


def test_every_query_of_a_form_sent_goes_to_the_primary_and_marks_the_browser(replicas):
    where, response = serve(RequestFactory().post("/"), lambda: ROUTER.db_for_read(User))
    assert where == "default"
    mark = response.cookies[RECENT_WRITE_COOKIE]
    assert mark["max-age"] == 6 and mark["httponly"]
    assert time.time() + 5 <= float(mark.value) <= time.time() + 7


def test_the_next_seconds_after_a_write_read_on_the_primary(replicas):
    request = RequestFactory().get("/")
    request.COOKIES[RECENT_WRITE_COOKIE] = str(int(time.time()) + 5)
    assert serve(request, lambda: ROUTER.db_for_read(User))[0] == "default"


def test_an_expired_or_made_up_mark_reads_on_a_replica(replicas):
    for value in (str(int(time.time()) - 1), "not a time", ""):
        request = RequestFactory().get("/")
        request.COOKIES[RECENT_WRITE_COOKIE] = value
        assert serve(request, lambda: ROUTER.db_for_read(User))[0].startswith("replica_")


def test_a_read_after_a_write_in_the_same_request_goes_to_the_primary(replicas):
    def reads_writes_reads():
        first = ROUTER.db_for_read(User)
        written = ROUTER.db_for_write(User)
        return first, written, ROUTER.db_for_read(User)

    (first, written, then), response = serve(RequestFactory().get("/"), reads_writes_reads)
    assert first.startswith("replica_") and written == "default" and then == "default"
    assert RECENT_WRITE_COOKIE in response.cookies  # and the browser's next reads too


def test_the_cache_and_the_sessions_are_read_on_the_primary_and_their_writes_mark_nothing(replicas):
    def bookkeeping():
        return [ROUTER.db_for_read(CacheEntry), ROUTER.db_for_read(Session), ROUTER.db_for_write(CacheEntry)]

    where, response = serve(RequestFactory().get("/"), bookkeeping)
    assert where == ["default", "default", "default"]
    assert RECENT_WRITE_COOKIE not in response.cookies


def test_reads_outside_a_request_go_to_the_primary(replicas):
    """A task runs just after the commit that queued it, before a replica may have it."""
    assert ROUTER.db_for_read(User) == "default"


def test_a_read_inside_a_transaction_goes_to_the_primary(replicas, db):
    def in_transaction():
        with transaction.atomic():
            return ROUTER.db_for_read(User)

    assert serve(RequestFactory().get("/"), in_transaction)[0] == "default"


def test_reads_take_turns_between_replicas(replicas):
    where = {serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] for _ in range(4)}
    assert where == {"replica_1", "replica_2"}


def test_a_replica_that_does_not_answer_is_left_aside_then_the_primary_reads(replicas):
    replicas["replica_1"] = False
    where = {serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] for _ in range(4)}
    assert where == {"replica_2"}
    assert routers.replica_is_set_aside("replica_1")
    replicas["replica_2"] = False
    assert serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] == "default"


def test_a_replica_lagging_past_the_mark_is_left_aside_until_it_has_caught_up(replicas, monkeypatch):
    """Past PARVIS_REPLICA_LAG_SECONDS, the mark of a person's write expires before the write reaches the replica."""
    replicas.lag["replica_1"] = 12.0
    where = {serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] for _ in range(4)}
    assert where == {"replica_2"}
    assert routers.replica_is_set_aside("replica_1")
    # Caught up, it is asked again once the time it was left aside is over, and takes reads again.
    replicas.lag["replica_1"] = 0.0
    monkeypatch.setattr(routers, "_replica_down_until", {})
    monkeypatch.setattr(routers, "_lag_checked_at", {})
    where = {serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] for _ in range(4)}
    assert where == {"replica_1", "replica_2"}


def test_a_replicas_lag_is_asked_at_most_every_few_seconds_per_process(replicas, monkeypatch):
    asked = []
    monkeypatch.setattr(routers, "replica_lag", lambda alias: asked.append(alias) or 0.0)
    for _ in range(10):
        serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))
    assert sorted(asked) == ["replica_1", "replica_2"]


@pytest.mark.django_db
def test_a_server_that_is_not_a_standby_gives_no_lag():
    """The development setting of a replica that is the primary itself (and SQLite): no verdict, never set aside."""
    assert routers.replica_lag("default") is None


def test_without_replicas_everything_is_on_the_primary_and_no_mark_is_set(settings):
    settings.PARVIS_DATABASE_REPLICAS = []
    assert serve(RequestFactory().get("/"), lambda: ROUTER.db_for_read(User))[0] == "default"
    assert RECENT_WRITE_COOKIE not in serve(RequestFactory().post("/"), lambda: None)[1].cookies


def test_replicas_are_never_migrated(replicas):
    assert ROUTER.allow_migrate("replica_1", "posts") is False
    assert ROUTER.allow_migrate("default", "posts") is None


@pytest.mark.django_db
def test_real_requests_read_on_the_replica_only_when_no_write_of_theirs_may_be_missing(tmp_path):
    """The same database as a replica (Django's TEST MIRROR), with the whole middleware stack: pytest run again on
    tests/core/replica_requests.py with DATABASE_REPLICA_URLS set, on this run's database engine."""
    replica_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    env = {**os.environ, "DATABASE_REPLICA_URLS": replica_url, "PARVIS_REPLICA_LAG_SECONDS": "5"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/core/replica_requests.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]


def _page_reading(where: str, body: str):
    """A visitor's page whose one read goes where the router sends it ("replica" reads the User table, "primary" the
    cache table, which is never read on a replica)."""

    @cache_for_visitors
    def view(request):
        ROUTER.db_for_read(User if where == "replica" else CacheEntry)
        return HttpResponse(body)

    return ReplicaReadsMiddleware(view)


def _generation_begun(seconds_ago: float) -> None:
    caches["default"].set(GENERATION_KEY, f"{'0' * 16}@{time.time() - seconds_ago:.3f}", None)


@pytest.mark.django_db(transaction=True)  # a read inside a transaction never goes to a replica
def test_a_page_read_on_a_lagging_replica_just_after_a_write_is_served_but_not_kept(replicas, settings):
    """Kept, it would show the state from before the write after the replica has caught up, for the page's whole life,
    to the writer too once their mark has expired."""
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30
    _generation_begun(seconds_ago=1)  # a write a second ago: the replica may not have it
    assert _page_reading("replica", "before")(RequestFactory().get("/p/")).content == b"before"
    assert _page_reading("replica", "after")(RequestFactory().get("/p/")).content == b"after"


@pytest.mark.django_db(transaction=True)  # a read inside a transaction never goes to a replica
def test_a_page_read_on_a_replica_is_kept_once_the_last_write_is_older_than_the_lag(replicas, settings):
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30
    _generation_begun(seconds_ago=settings.PARVIS_REPLICA_LAG_SECONDS + 1)
    assert _page_reading("replica", "first")(RequestFactory().get("/p/")).content == b"first"
    assert _page_reading("replica", "second")(RequestFactory().get("/p/")).content == b"first"


@pytest.mark.django_db(transaction=True)  # a read inside a transaction never goes to a replica
def test_a_page_read_on_the_primary_is_kept_at_once(replicas, settings):
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30
    _generation_begun(seconds_ago=0)
    assert _page_reading("primary", "first")(RequestFactory().get("/p/")).content == b"first"
    assert _page_reading("primary", "second")(RequestFactory().get("/p/")).content == b"first"


@pytest.mark.django_db(transaction=True)  # a read inside a transaction never goes to a replica
def test_what_a_persons_pages_work_out_from_a_lagging_replica_is_not_kept(replicas, settings):
    """A membership taken away a second ago may still be on the replica: kept, it would let the person read the
    space for as long as the entry lives."""
    settings.PARVIS_VIEWER_SECONDS = 600
    person = User.objects.create_user(email="lea@example.org", password="x" * 12)
    computed = []

    def work_out(answer: str):
        def compute():
            ROUTER.db_for_read(User)
            computed.append(answer)
            return answer

        def view():
            person.__dict__.pop(viewer.MEMORY, None)  # each request has its own user object
            return viewer.kept_for(person, "spaces-read", compute)

        return serve(RequestFactory().get("/"), view)[0]

    _generation_begun(seconds_ago=1)
    assert [work_out("with the group"), work_out("without")] == ["with the group", "without"]
    _generation_begun(seconds_ago=settings.PARVIS_REPLICA_LAG_SECONDS + 1)
    assert [work_out("settled"), work_out("not computed")] == ["settled", "settled"]
    assert computed == ["with the group", "without", "settled"]
