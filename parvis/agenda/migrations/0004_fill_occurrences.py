"""The occurrences of the events already stored, over the horizon of `services.occurrences`."""

from django.db import migrations


def fill(apps, schema_editor):
    # The expansion of the services, given the historical models: the rows are those a write would keep.
    from parvis.agenda.services.occurrences import occurrences_fill

    Event = apps.get_model("agenda", "Event")
    Occurrence = apps.get_model("agenda", "Occurrence")
    pks = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    for index in range(0, len(pks), 500):
        occurrences_fill(Event.objects.filter(pk__in=pks[index : index + 500]), model=Occurrence)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0003_occurrence")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
