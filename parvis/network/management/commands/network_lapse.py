from django.core.management.base import BaseCommand

from parvis.network.services import roles_begin, roles_lapse


class Command(BaseCommand):
    help = "Each night: let in the people whose role begins, take out those whose mandate or role has ended."

    def handle(self, *args, **options):
        self.stdout.write(f"{roles_begin()} roles begun, {roles_lapse()} memberships ended.")
