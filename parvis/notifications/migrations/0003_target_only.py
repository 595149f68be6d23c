"""Notifications keep only (kind, id) of the registry of content kinds: the `post` and `comment` foreign keys go, and
the space may be empty (a listing has none). A row still without a kind (none should be left after 0002, but a
row written by older code between the two would be) is filled from the keys first, as 0002 did."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    unnamed = Notification.objects.filter(target_kind="")
    unnamed.filter(comment__isnull=False).update(target_kind="comment", target_id=models.F("comment_id"))
    unnamed.filter(comment__isnull=True, post__isnull=False).update(target_kind="post", target_id=models.F("post_id"))
    for pk, key in unnamed.filter(event_key__startswith="membership:").values_list("pk", "event_key"):
        Notification.objects.filter(pk=pk).update(target_kind="membership", target_id=int(key.split(":", 1)[1]))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notification_target"), ("spaces", "0001_initial")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="comment"),
        migrations.RemoveField(model_name="notification", name="post"),
        migrations.AlterField(
            model_name="notification",
            name="space",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="spaces.space",
            ),
        ),
    ]
