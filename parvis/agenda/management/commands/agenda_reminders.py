"""Remind those going to an event the day before and an hour before (run it every 10 minutes from cron; running it
twice, or on two machines at once, sends nothing twice)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from parvis.agenda.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders of events due now (the day before, an hour before), each once."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Act as if it were this moment (ISO 8601 with its offset), for trials.")

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError("--now: give a date and time such as 2026-12-01T18:00:00+01:00") from error
            if now.tzinfo is None:
                raise CommandError("--now: give the offset too, such as +01:00")
        self.stdout.write(f"{reminders_send(now=now)} reminder(s) sent.")
