from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no accent folding of its own: give it the same folding as territory search ("é" → "e").
    if connection.vendor == "sqlite":
        from parvis.territories.models import search_key

        connection.connection.create_function("parvis_fold", 1, lambda v: search_key(v or ""), deterministic=True)


class SearchConfig(AppConfig):
    name = "parvis.search"
    label = "search"

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="parvis_sqlite_fold")
