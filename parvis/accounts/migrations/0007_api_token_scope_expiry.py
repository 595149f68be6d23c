"""Personal access tokens get a scope and an expiry. Tokens made before could read and write without end: they keep
writing, and expire 90 days after this migration, so that no application stops at once."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def existing_tokens_keep_writing(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.using(schema_editor.connection.alias).update(
        scope="write", expires_at=timezone.now() + timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_seal_mfa_secrets")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read only"), ("write", "read and write")],
                default="read",
                max_length=8,
                verbose_name="access",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(existing_tokens_keep_writing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
