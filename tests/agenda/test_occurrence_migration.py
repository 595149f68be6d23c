"""Events stored before the table of occurrences get their occurrences from the migration that creates it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parvis.agenda.models import Occurrence
from parvis.spaces.models import Nature
from parvis.spaces.services.spaces import space_create
from parvis.territories.models import Territory
from tests.conftest import ensure_territories, make_user
from tests.factories import make_event

BEFORE = [("agenda", "0002_media_private_storage")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_get_their_occurrences():
    ensure_territories()
    commune = Territory.objects.get(level="commune", code="60057")
    owner = make_user("proprio@example.org", display_name="Camille", home_commune=commune)
    group = space_create(creator=owner, name="Jardin partagé", nature=Nature.VOISINAGE, territory=commune)
    start = datetime(2027, 3, 20, 9, tzinfo=ZoneInfo("Europe/Paris"))
    market = make_event(
        owner, group, "Troc de graines", start=start, rrule="FREQ=WEEKLY;COUNT=3", exdates=["2027-03-27"]
    )
    single = make_event(owner, group, "Plantation", start=start + timedelta(days=1))
    kept = sorted(Occurrence.objects.values_list("event_id", "start", "end"))
    assert len(kept) == 3

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the table goes, the events stay
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()

    assert sorted(Occurrence.objects.values_list("event_id", "start", "end")) == kept
    assert Occurrence.objects.filter(event_id=market.pk).count() == 2
    assert Occurrence.objects.get(event_id=single.pk).space_id == group.pk
