"""Files in the media storages that no row points to any more: a crash between writing a file and committing its
row, a deleted account whose avatar stayed, a file left by an old version. Lists them; deletes them with --delete.

Run from cron (daily is plenty). Files younger than --older-than hours (24 by default) are left alone: a file is
written before its row commits, so a young file without a row may belong to an upload still under way."""

from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db.models import FileField
from django.utils import timezone

from parvis.core.files import walk
from parvis.core.media import private_storage


def referenced_names() -> dict[str, set[str]]:
    """File names per storage ("public", "private"), from every FileField of every installed model."""
    names: dict[str, set[str]] = {"public": set(), "private": set()}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            if field.storage is default_storage:
                label = "public"
            elif field.storage is private_storage():
                label = "private"
            else:
                continue  # a storage of its own, which this command does not clean
            # The base manager: a default manager that hides some rows (deleted, moderated) must not orphan their files.
            rows = model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            names[label].update(name for name in rows.iterator() if name)
    return names


class Command(BaseCommand):
    help = "List (or with --delete, remove) media files that no row points to."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the orphans instead of listing them.")
        parser.add_argument(
            "--older-than", type=float, default=24, help="Only files older than this many hours (default 24)."
        )

    def handle(self, *args, delete: bool, older_than: float, **options):
        referenced = referenced_names()
        before = timezone.now() - timedelta(hours=older_than)
        found = 0
        for label, storage in (("public", default_storage), ("private", private_storage())):
            known = referenced[label]
            try:
                names = list(walk(storage))
            except FileNotFoundError:
                continue  # a storage nothing was ever written to
            for name in names:
                if name in known or storage.get_modified_time(name) > before:
                    continue
                found += 1
                if delete:
                    storage.delete(name)
                self.stdout.write(f"{'deleted' if delete else 'orphan'} ({label}): {name}")
        self.stdout.write(f"{found} orphan file(s){' deleted' if delete else ''}.")
