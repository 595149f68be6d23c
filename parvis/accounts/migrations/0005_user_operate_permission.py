from django.db import migrations


def staff_keep_operating(apps, schema_editor):
    """Before this permission, staff was the operator: the staff accounts of an existing instance keep the operator's
    powers. Staff accounts created from now on open the administration only, until given `accounts.operate`."""
    User = apps.get_model("accounts", "User")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    staff = list(User.objects.filter(is_staff=True, is_superuser=False))
    if not staff:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="operate", defaults={"name": "acts as the operator of the instance"}
    )
    for user in staff:
        user.user_permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [("operate", "acts as the operator of the instance")],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
        migrations.RunPython(staff_keep_operating, migrations.RunPython.noop),
    ]
