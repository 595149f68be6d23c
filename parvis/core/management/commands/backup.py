"""`parvis backup ARCHIVE.tar.gz`: the database and the media (private files included) in one archive, with a
manifest of the rows per model and the checksums of the data and of every file (parvis/core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _

from parvis.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media files (public and private) into one tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive to write, e.g. parvis-2026-11-30.tar.gz (a new file).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default).")

    def handle(self, *args, **options):
        # The instance's language, whatever a caller activated before: the operator reads these sentences.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(*args, **options)

    def _handle(self, *args, archive: str, database: str, **options):
        try:
            manifest = backup(Path(archive), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        files = sum(len(names) for names in manifest["media"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)s rows, %(files)s media files.")
            % {"path": archive, "rows": rows, "files": files}
        )
