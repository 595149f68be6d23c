from django.core.management.base import BaseCommand

from parvis.network.services import digest_send


class Command(BaseCommand):
    help = "Each week: e-mail the network's members its coming sessions, new answers and documents."

    def handle(self, *args, **options):
        self.stdout.write(f"{digest_send()} digests sent.")
