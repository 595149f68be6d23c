"""Send the daily notification digests. Run it once a day from cron, e.g. `0 7 * * * python manage.py
notifications_digest`; running it twice sends nothing new (what was sent is marked)."""

from django.core.management.base import BaseCommand

from parvis.notifications.services import digests_send_daily


class Command(BaseCommand):
    help = "Send one e-mail per person on the daily digest with their new notifications."

    def handle(self, *args, **options):
        sent = digests_send_daily()
        self.stdout.write(f"{sent} digest(s) sent")
