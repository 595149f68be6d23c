from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parvis.network.models import NetworkRole
from parvis.network.services import role_invite


class Command(BaseCommand):
    help = "E-mail the holder of a verified role of the network their single-use invitation link."

    def add_arguments(self, parser):
        parser.add_argument("role_id", type=int)
        parser.add_argument("email")

    def handle(self, *args, role_id, email, **options):
        role = NetworkRole.objects.filter(pk=role_id).first()
        if role is None:
            raise CommandError(f"no role {role_id}")
        try:
            role_invite(operator=None, role=role, email=email)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        self.stdout.write(f"invitation sent to {email}")
