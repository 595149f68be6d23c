"""Remove what is kept past its term (`parvis/rights/retention.py`, one named rule each). Run daily from cron;
running it twice removes nothing more."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parvis.rights.retention import RULES, retention_apply


class Command(BaseCommand):
    help = "Remove personal data, codes, tokens, files and logs kept past their term (parvis/rights/retention.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="RULE",
            help=f"Run only this rule (repeatable): {', '.join(r.name for r in RULES)}.",
        )

    def handle(self, *args, only=None, **options):
        unknown = set(only or []) - {each.name for each in RULES}
        if unknown:
            raise CommandError(f"Unknown rule(s): {', '.join(sorted(unknown))}.")
        for name, removed in retention_apply(now=timezone.now(), only=only).items():
            self.stdout.write(f"{name}: {removed} removed")
