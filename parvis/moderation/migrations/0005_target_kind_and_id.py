"""Reports and decisions name their target by (kind, id), a kind of the registry of content kinds, instead of one
foreign key per kind of target. Existing rows are converted: the id is read from the foreign key their kind used."""

from django.db import migrations, models

FIELD_OF_KIND = {
    "post": "post_id",
    "comment": "comment_id",
    "space": "target_space_id",
    "person": "person_id",
    "message": "message_id",
    "listing": "listing_id",
}
OLD_FIELDS = ["post", "comment", "target_space", "person", "message", "listing"]


def forwards(apps, schema_editor):
    for name in ("Report", "Decision"):
        model = apps.get_model("moderation", name)
        for kind, field in FIELD_OF_KIND.items():
            for pk, target_id in model.objects.filter(kind=kind).values_list("pk", field).iterator():
                model.objects.filter(pk=pk).update(target_id=target_id)


def backwards(apps, schema_editor):
    for name in ("Report", "Decision"):
        model = apps.get_model("moderation", name)
        for kind, field in FIELD_OF_KIND.items():
            for pk, target_id in model.objects.filter(kind=kind).values_list("pk", "target_id").iterator():
                model.objects.filter(pk=pk).update(**{field: target_id})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_moderationlog_into_audit")]

    operations = [
        migrations.RemoveConstraint(model_name="decision", name="decision_exactly_one_target"),
        migrations.RemoveConstraint(model_name="report", name="report_exactly_one_target"),
        *[
            migrations.RemoveConstraint(model_name="report", name=f"report_once_{field}")
            for field in OLD_FIELDS
        ],
        migrations.AddField(
            model_name="decision", name="target_id", field=models.PositiveBigIntegerField(null=True)
        ),
        migrations.AddField(model_name="report", name="target_id", field=models.PositiveBigIntegerField(null=True)),
        migrations.RunPython(forwards, backwards),
        *[
            migrations.RemoveField(model_name=model, name=field)
            for model in ("decision", "report")
            for field in OLD_FIELDS
        ],
        migrations.AlterField(model_name="decision", name="target_id", field=models.PositiveBigIntegerField()),
        migrations.AlterField(model_name="report", name="target_id", field=models.PositiveBigIntegerField()),
        migrations.AlterField(
            model_name="decision", name="kind", field=models.CharField(max_length=32, verbose_name="kind")
        ),
        migrations.AlterField(
            model_name="report", name="kind", field=models.CharField(max_length=32, verbose_name="kind")
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("reporter", "kind", "target_id"), name="report_once_per_target"
            ),
        ),
        migrations.AddIndex(
            model_name="report", index=models.Index(fields=["kind", "target_id"], name="report_target")
        ),
        migrations.AddIndex(
            model_name="decision", index=models.Index(fields=["kind", "target_id"], name="decision_target")
        ),
    ]
