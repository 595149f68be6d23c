"""Forget the hosting log's rows past their year (cron, daily): the law asks to keep them one year, no longer."""

from django.core.management.base import BaseCommand

from parvis.hosting.services import hosting_log_purge


class Command(BaseCommand):
    help = "Remove the hosting log's rows older than PARVIS_HOSTING_LOG_DAYS (365 by default)."

    def handle(self, *args, **options):
        self.stdout.write(f"{hosting_log_purge()} hosting log rows removed")
