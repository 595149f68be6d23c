"""Move the horizon of the table of occurrences to today (run it daily from cron; running it twice does no harm)."""

from django.core.management.base import BaseCommand

from parvis.agenda.services.occurrences import occurrences_extend


class Command(BaseCommand):
    help = "Extend the occurrences of repeating events to five years ahead and forget those past a year ago."

    def handle(self, *args, **options):
        done = occurrences_extend()
        self.stdout.write(
            f"{done['events']} repeating event(s), {done['rows']} occurrence(s) written, "
            f"{done['forgotten']} past occurrence(s) forgotten."
        )
