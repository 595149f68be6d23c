from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parvis.network.rne import rne_import


class Command(BaseCommand):
    help = "Import élus from a file of the Répertoire national des élus (the State's semicolon-separated CSV)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--ends-on", type=date.fromisoformat, help="the end of the mandates (YYYY-MM-DD)")

    def handle(self, *args, path, ends_on=None, **options):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        report = rne_import(data, ends_on=ends_on)
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(f"{report.imported} élus imported, {len(report.errors)} lines refused.")
