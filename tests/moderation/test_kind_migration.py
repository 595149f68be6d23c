"""Reports and decisions made before the registry of content kinds keep their target after migration 0005."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parvis.moderation.models import Decision, Report
from parvis.spaces.models import Space
from tests.conftest import ensure_territories
from tests.factories import make_user

BEFORE = [("moderation", "0004_moderationlog_into_audit")]


@pytest.mark.django_db(transaction=True)
def test_existing_reports_and_decisions_keep_their_target():
    ensure_territories()
    reporter = make_user("signale@example.org", display_name="Signale")
    reported = make_user("visee@example.org", display_name="Visée")
    space = Space.objects.filter(is_official=True).first()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldReport, OldDecision = old.get_model("moderation", "Report"), old.get_model("moderation", "Decision")
    on_person = OldReport.objects.create(kind="person", person_id=reported.pk, reporter_id=reporter.pk, reason="spam")
    on_space = OldReport.objects.create(
        kind="space", target_space_id=space.pk, reporter_id=reporter.pk, reason="other", details="Faux espace"
    )
    decision = OldDecision.objects.create(
        kind="space", target_space_id=space.pk, action="suspend", reason="Usurpation", moderator_role="l’équipe"
    )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()  # the schema changed under the connection's feet
    assert (Report.objects.get(pk=on_person.pk).kind, Report.objects.get(pk=on_person.pk).target) == (
        "person",
        reported,
    )
    assert Report.objects.get(pk=on_space.pk).target == space
    assert Decision.objects.get(pk=decision.pk).target_id == space.pk
    assert list(Decision.objects.suspending_spaces().values_list("target_id", flat=True)) == [space.pk]
