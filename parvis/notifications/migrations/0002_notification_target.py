"""Notifications name what they speak of by (kind, id) of the registry of content kinds. Existing rows are filled
in: a comment's notification speaks of the comment, a post's of the post, a join request of the membership."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(comment__isnull=False).update(target_kind="comment", target_id=models.F("comment_id"))
    Notification.objects.filter(comment__isnull=True, post__isnull=False).update(
        target_kind="post", target_id=models.F("post_id")
    )
    for pk, key in Notification.objects.filter(event_key__startswith="membership:").values_list("pk", "event_key"):
        Notification.objects.filter(pk=pk).update(target_kind="membership", target_id=int(key.split(":", 1)[1]))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="notification", name="target_kind", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
