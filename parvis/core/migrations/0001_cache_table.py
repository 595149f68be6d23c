"""The database cache table (settings.DATABASE_CACHE): rate-limit counters shared by every worker process, and the
fallback of the Redis cache. `createcachetable` creates only what is missing, so running it again does no harm."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    # createcachetable opens its own transaction (on SQLite and PostgreSQL alike).
    atomic = False

    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
