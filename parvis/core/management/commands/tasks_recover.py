"""`manage.py tasks_recover` (cron, every 5 minutes): the tasks whose worker died go back to the queue
(parvis/core/queue_recovery.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from parvis.core.queue_recovery import requeue_abandoned


class Command(BaseCommand):
    help = "Put back in the queue the tasks whose worker died while running them (RQ only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="the time to judge by, ISO 8601 (a test's simulated clock; the real time by default)"
        )

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError("--now: an ISO 8601 time with its offset, e.g. 2026-12-01T18:00:00+01:00")
        self.stdout.write(f"{requeue_abandoned(now)} tasks requeued")
