"""The rows of the former space and moderation logs move into the audit log with their dates, actors, targets,
spaces and reasons, and the old tables go."""

from datetime import UTC, datetime

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import ensure_territories

BEFORE = [("core", "0002_rate_counter"), ("spaces", "0003_spacelog"), ("moderation", "0003_report_listing")]
WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_former_logs_move_into_the_audit_log():
    ensure_territories()
    # accounts stays at its latest migration, named so that the historical User has every column of the table.
    apps = _migrate(BEFORE + MigrationExecutor(connection).loader.graph.leaf_nodes("accounts"))
    try:
        User = apps.get_model("accounts", "User")
        Space = apps.get_model("spaces", "Space")
        SpaceLog = apps.get_model("spaces", "SpaceLog")
        Report = apps.get_model("moderation", "Report")
        ModerationLog = apps.get_model("moderation", "ModerationLog")
        admin = User.objects.create(email="admin-ancien@example.org", display_name="Ancienne admin")
        person = User.objects.create(email="membre-ancien@example.org", display_name="Ancien membre")
        space = Space.objects.filter(is_official=True).first()
        SpaceLog.objects.create(
            space=space, actor=admin, action="member_removed", target_user=person, detail="active member", reason="Spam"
        )
        SpaceLog.objects.create(space=space, actor=admin, action="settings_changed", detail="name")
        SpaceLog.objects.update(created_at=WHEN)
        report = Report.objects.create(kind="person", person=person, reporter=admin, reason="spam", space=None)
        ModerationLog.objects.create(
            actor=admin,
            action="report_dismissed",
            report=report,
            target=f"person {person.pk}",
            reason="Rien",
            actor_role="x",
        )
        ModerationLog.objects.update(created_at=WHEN)
    finally:
        # Forward to the latest state, past the migrations that move the logs: the tests after this one need the
        # whole schema.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    apps = global_apps

    AuditEntry = apps.get_model("core", "AuditEntry")
    removed = AuditEntry.objects.get(verb="member_removed")
    assert (removed.actor_id, removed.kind, removed.object_id, removed.space_id, removed.reason) == (
        admin.pk,
        "accounts.user",
        person.pk,
        space.pk,
        "Spam",
    )
    assert removed.details == {"detail": "active member"} and removed.created_at == WHEN
    settings_changed = AuditEntry.objects.get(verb="settings_changed")
    assert (settings_changed.kind, settings_changed.object_id, settings_changed.space_id) == (
        "spaces.space",
        space.pk,
        space.pk,
    )
    dismissed = AuditEntry.objects.get(verb="report_dismissed")
    assert (dismissed.actor_id, dismissed.kind, dismissed.object_id, dismissed.reason, dismissed.created_at) == (
        admin.pk,
        "accounts.user",
        person.pk,
        "Rien",
        WHEN,
    )
    assert dismissed.details == {"report": report.pk, "actor_role": "x"}
    tables = connection.introspection.table_names()
    assert "spaces_spacelog" not in tables and "moderation_moderationlog" not in tables
