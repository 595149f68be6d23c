"""Residence spaces no longer carry the street address as their description: a members-only space's description is
read by everyone (so that they can decide to ask to join), and where people live is for the residence's members."""

from django.db import migrations


def clear_addresses(apps, schema_editor):
    Residence = apps.get_model("neighbours", "Residence")
    Space = apps.get_model("spaces", "Space")
    for residence in Residence.objects.select_related("space", "territory").iterator():
        if residence.territory.address and residence.space.description.strip() == residence.territory.address.strip():
            Space.objects.filter(pk=residence.space_id).update(description="")


class Migration(migrations.Migration):
    dependencies = [
        ("neighbours", "0001_initial"),
        ("spaces", "0003_spacelog"),
    ]

    operations = [migrations.RunPython(clear_addresses, migrations.RunPython.noop)]
