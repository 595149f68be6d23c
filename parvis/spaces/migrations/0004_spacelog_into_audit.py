"""The space log moves into the one audit log (core.AuditEntry): each row is copied with its date, then the table
goes. An act on a person targets the person ("accounts.user"), any other the space ("spaces.space")."""

from django.conf import settings
from django.db import migrations

BATCH = 2000


def copy_space_log(apps, schema_editor):
    SpaceLog = apps.get_model("spaces", "SpaceLog")
    AuditEntry = apps.get_model("core", "AuditEntry")
    user_kind = settings.AUTH_USER_MODEL.lower()
    rows = SpaceLog.objects.select_related("actor").order_by("pk").iterator(chunk_size=BATCH)
    batch = []
    for row in rows:
        on_person = row.target_user_id is not None
        batch.append(
            AuditEntry(
                actor_id=row.actor_id,
                actor_label=row.actor.display_name[:200] if row.actor_id else "",
                verb=row.action,
                kind=user_kind if on_person else "spaces.space",
                object_id=row.target_user_id if on_person else row.space_id,
                space_id=row.space_id,
                reason=row.reason,
                details={"detail": row.detail} if row.detail else {},
                created_at=row.created_at,
            )
        )
        if len(batch) >= BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        AuditEntry.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    # Going back dates the rows of today (the old table set its date on insert); the entries themselves stay.
    SpaceLog = apps.get_model("spaces", "SpaceLog")
    AuditEntry = apps.get_model("core", "AuditEntry")
    user_kind = settings.AUTH_USER_MODEL.lower()
    verbs = [choice[0] for choice in SpaceLog._meta.get_field("action").choices]
    entries = AuditEntry.objects.filter(verb__in=verbs, kind__in=[user_kind, "spaces.space"]).order_by("pk")
    SpaceLog.objects.bulk_create(
        SpaceLog(
            space_id=entry.space_id,
            actor_id=entry.actor_id,
            action=entry.verb,
            target_user_id=entry.object_id if entry.kind == user_kind else None,
            detail=(entry.details or {}).get("detail", "")[:200],
            reason=entry.reason[:1000],
            created_at=entry.created_at,
        )
        for entry in entries.iterator(chunk_size=BATCH)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0003_spacelog"),
        ("core", "0003_audit_entry"),
    ]

    operations = [
        migrations.RunPython(copy_space_log, copy_back),
        migrations.DeleteModel(name="SpaceLog"),
    ]
