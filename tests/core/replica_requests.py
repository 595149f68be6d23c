"""Run by tests/core/test_replicas.py with DATABASE_REPLICA_URLS set (not collected on its own: its name does not
start with test_). The replica alias is Django's TEST MIRROR of the test database, so the router's paths run with a
replica that lags by nothing: what is measured is which connection each request reads on."""

import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from parvis.accounts.models import User
from parvis.core.routers import RECENT_WRITE_COOKIE
from tests.factories import make_user

# The replica's rows are the committed ones, as on a real replica: each test commits (transaction=True).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


def queries_on_each_side(client, method: str, path: str, **data):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = getattr(client, method)(path, data)
    assert response.status_code < 500, response.status_code
    return len(primary), len(replica), response


def test_the_replica_is_configured_as_a_mirror():
    assert settings.PARVIS_DATABASE_REPLICAS == ["replica_1"]
    assert settings.DATABASES["replica_1"]["TEST"]["MIRROR"] == "default"


def test_a_visitors_page_reads_on_the_replica(client):
    _primary, replica, response = queries_on_each_side(client, "get", "/communes/")
    assert replica > 0
    assert RECENT_WRITE_COOKIE not in response.cookies


def test_a_persons_reads_after_their_own_write_stay_on_the_primary(client):
    person = make_user("lea@example.org", display_name="Léa")
    client.force_login(person)
    # Before any write: the page's reads go to the replica (the session is read on the primary).
    assert queries_on_each_side(client, "get", "/communes/")[1] > 0

    # The write: every query on the primary, and the browser is marked.
    _primary, replica, response = queries_on_each_side(client, "post", "/i18n/setlang/", language="en", next="/")
    assert response.status_code == 302 and replica == 0
    assert User.objects.get(pk=person.pk).language == "en"
    assert RECENT_WRITE_COOKIE in response.cookies

    # The next pages, within PARVIS_REPLICA_LAG_SECONDS: nothing read on the replica, which may not have the write.
    for _ in range(2):
        assert queries_on_each_side(client, "get", "/communes/")[1] == 0

    # Once the mark has expired (as the browser drops it after its max-age), the replica serves again.
    client.cookies[RECENT_WRITE_COOKIE] = str(int(time.time()) - 1)
    assert queries_on_each_side(client, "get", "/communes/")[1] > 0
