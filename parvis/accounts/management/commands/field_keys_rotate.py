"""`parvis field_keys_rotate`: every secret kept encrypted in the database (second factors) encrypted again with the
first key of PARVIS_FIELD_KEY. Run it after putting a new key first; the old key can then be removed."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from parvis.accounts.sealed import seal, seal_all
from parvis.core import encryption


def _rotate(value: str) -> str:
    # A secret still in clear (from before the migration ran on a copy) is encrypted rather than refused.
    return encryption.rotate(value) if encryption.looks_encrypted(value) else seal(value)


class Command(BaseCommand):
    help = "Encrypt every stored second-factor secret again with the first key of PARVIS_FIELD_KEY."

    def handle(self, *args, **options):
        # The instance's language, whatever a caller activated before: the operator reads these sentences.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(*args, **options)

    def _handle(self, *args, **options):
        try:
            with transaction.atomic():
                changed = seal_all(Authenticator.objects.select_for_update(), _rotate)
        except encryption.InvalidToken as error:
            raise CommandError(
                _(
                    "A secret cannot be decrypted with the keys of PARVIS_FIELD_KEY: put the old key back after "
                    "the new one."
                )
            ) from error
        self.stdout.write(_("%(count)s second factors encrypted with the first key.") % {"count": changed})
