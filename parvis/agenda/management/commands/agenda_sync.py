"""Import every calendar source given by URL (run it from cron, e.g. every few hours)."""

from django.core.management.base import BaseCommand

from parvis.agenda.ical_import.sync import sync_all


class Command(BaseCommand):
    help = "Import every agenda calendar source (iCal URL) into its space."

    def handle(self, *args, **options):
        reports = sync_all(stdout=self.stdout)
        failed = sum(1 for report in reports if report.get("error"))
        self.stdout.write(f"{len(reports)} calendar(s) imported, {failed} refused.")
