from django.core.management.base import BaseCommand

from parvis.network.services import roles_lapse


class Command(BaseCommand):
    help = "Each night: take out of the network's spaces the people whose mandate or role has ended."

    def handle(self, *args, **options):
        self.stdout.write(f"{roles_lapse()} memberships ended.")
