"""The TOTP secrets and recovery seeds stored before they were encrypted (parvis/core/encryption.py) are encrypted
with PARVIS_FIELD_KEY; going back decrypts them."""

from django.db import migrations

from parvis.accounts.sealed import seal, seal_all, unseal


def seal_secrets(apps, schema_editor):
    seal_all(apps.get_model("mfa", "Authenticator").objects.using(schema_editor.connection.alias), seal)


def unseal_secrets(apps, schema_editor):
    seal_all(apps.get_model("mfa", "Authenticator").objects.using(schema_editor.connection.alias), unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_operate_permission"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal_secrets, unseal_secrets)]
