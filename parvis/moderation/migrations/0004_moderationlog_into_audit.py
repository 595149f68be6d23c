"""The moderation log moves into the one audit log (core.AuditEntry): each row is copied with its date, naming the
content acted upon (from its decision, else its report) and that content's space, then the table goes."""

from django.db import migrations

BATCH = 2000

# TargetKind value → the model named by the audit entry's `kind`.
KINDS = {
    "post": "posts.post",
    "comment": "posts.comment",
    "space": "spaces.space",
    "person": "accounts.user",
    "message": "messaging.message",
    "listing": "neighbours.listing",
}


def _target(source):
    if source is None:
        return "", None, None
    field = "target_space" if source.kind == "space" else source.kind
    object_id = getattr(source, f"{field}_id", None)
    return KINDS.get(source.kind, source.kind), object_id, source.space_id or source.target_space_id


def copy_moderation_log(apps, schema_editor):
    ModerationLog = apps.get_model("moderation", "ModerationLog")
    AuditEntry = apps.get_model("core", "AuditEntry")
    rows = ModerationLog.objects.select_related("actor", "report", "decision").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        kind, object_id, space_id = _target(row.decision or row.report)
        details = {"report": row.report_id, "decision": row.decision_id, "actor_role": row.actor_role or None}
        batch.append(
            AuditEntry(
                actor_id=row.actor_id,
                actor_label=row.actor.display_name[:200] if row.actor_id else "",
                verb=row.action,
                kind=kind,
                object_id=object_id,
                target_label=row.target[:200],
                space_id=space_id,
                reason=row.reason[:2000],
                details={key: value for key, value in details.items() if value is not None},
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
    ModerationLog = apps.get_model("moderation", "ModerationLog")
    AuditEntry = apps.get_model("core", "AuditEntry")
    verbs = [choice[0] for choice in ModerationLog._meta.get_field("action").choices]
    ModerationLog.objects.bulk_create(
        ModerationLog(
            actor_id=entry.actor_id,
            actor_role=(entry.details or {}).get("actor_role", "")[:200],
            action=entry.verb,
            report_id=(entry.details or {}).get("report"),
            decision_id=(entry.details or {}).get("decision"),
            target=entry.target_label[:100],
            reason=entry.reason,
        )
        for entry in AuditEntry.objects.filter(verb__in=verbs).order_by("pk").iterator(chunk_size=BATCH)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_report_listing"),
        ("core", "0003_audit_entry"),
    ]

    operations = [
        migrations.RunPython(copy_moderation_log, copy_back),
        migrations.DeleteModel(name="ModerationLog"),
    ]
