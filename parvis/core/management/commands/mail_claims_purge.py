"""Forget the claims of e-mails sent long ago (cron, daily): a retry never comes that late."""

from django.core.management.base import BaseCommand

from parvis.core.mail import claims_purge


class Command(BaseCommand):
    help = "Remove the claims of e-mails sent more than 30 days ago."

    def handle(self, *args, **options):
        self.stdout.write(f"{claims_purge()} claims removed")
