"""Create the instance's Web Push (VAPID) key pair if there is none: run by `make migrate`, safe to run again."""

from django.core.management.base import BaseCommand

from parvis.notifications.push import push_key


class Command(BaseCommand):
    help = "Create the instance's Web Push key pair (VAPID) if it has none, and print its public key."

    def handle(self, *args, **options):
        self.stdout.write(push_key().public_key)
