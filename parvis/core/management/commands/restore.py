"""`parvis restore ARCHIVE.tar.gz`: an archive of `parvis backup` into an empty database and empty media folders.
Every checksum is verified before anything is written; a target that holds data is refused."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _

from parvis.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and empty media folders, then count the rows again."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `parvis backup`.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default).")

    def handle(self, *args, **options):
        # The instance's language, whatever a caller activated before: the operator reads these sentences.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(*args, **options)

    def _handle(self, *args, archive: str, database: str, **options):
        try:
            manifest = restore(Path(archive), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        files = sum(len(names) for names in manifest["media"].values())
        self.stdout.write(
            _("Backup restored: %(rows)s rows and %(files)s media files, counts and checksums verified.")
            % {"rows": rows, "files": files}
        )
