from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parvis.territories.hooks import territories_imported
from parvis.territories.services import instance_departement_codes, territories_import


class Command(BaseCommand):
    help = "Territories: `territories import [--departement 60 ...] [--instance]` loads the official data."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True)
        importer = subcommands.add_parser("import", help="Import régions, départements, EPCI and communes.")
        importer.add_argument(
            "--departement",
            action="append",
            dest="departements",
            metavar="CODE",
            help="Only this département (repeatable). Without it, all of France.",
        )
        importer.add_argument(
            "--instance",
            action="store_true",
            help="Only the départements the instance serves (PARVIS_TERRITORY).",
        )

    def handle(self, *args, action, departements=None, instance=False, **options):
        try:
            if instance:
                departements = sorted(set(departements or []) | set(instance_departement_codes()))
                if not departements:
                    raise CommandError("PARVIS_TERRITORY names no territory found in the official data.")
            report = territories_import(departements=departements, progress=self.stdout.write)
            reports = territories_imported()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in reports:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Territories imported in {report.seconds:.1f} s."))
