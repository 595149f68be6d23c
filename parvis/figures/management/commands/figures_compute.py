"""Compute the daily figures: run it every night (cron, systemd timer) for yesterday and today.

manage.py figures_compute               # yesterday and today
manage.py figures_compute --days 30     # the last 30 days and today (after an import, or to catch up)
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parvis.core import kinds
from parvis.figures import audience
from parvis.figures.services import figures_compute


class Command(BaseCommand):
    help = "Compute the daily aggregates of every indicator (the operator's figures)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=1, help="how many days before today to compute again")
        parser.add_argument("--since", help="first day to compute (YYYY-MM-DD), instead of --days")
        parser.add_argument("--indicator", action="append", help="only this indicator (may be repeated)")

    def handle(self, *args, days, since, indicator, **options):
        today = timezone.localdate()
        if since:
            try:
                first = date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since takes a date as YYYY-MM-DD, not {since!r}") from error
        else:
            if days < 0 or days > 800:
                raise CommandError("--days takes a number from 0 to 800")
            first = today - timedelta(days=days)
        if first > today:
            raise CommandError("--since is after today")
        known = {i.name for i in kinds.indicators()}
        unknown = set(indicator or ()) - known
        if unknown:
            raise CommandError(f"unknown indicators: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        audience.flush()
        written = figures_compute(first=first, last=today, names=indicator)
        self.stdout.write(f"{written} daily figures from {first} to {today}")
