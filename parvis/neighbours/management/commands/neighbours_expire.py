from django.core.management.base import BaseCommand

from parvis.neighbours.services import listings_expire_due


class Command(BaseCommand):
    help = "Expire the neighbours' listings older than 30 days (run it from cron, e.g. every hour)."

    def handle(self, *args, **options):
        count = listings_expire_due()
        self.stdout.write(f"{count} listing(s) expired")
