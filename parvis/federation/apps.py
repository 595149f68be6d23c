from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "parvis.federation"
    label = "federation"
    verbose_name = _("Federation (ActivityPub)")

    def ready(self):
        # Listens to the writes of the kinds that federate (after their apps registered them: it comes after them
        # in INSTALLED_APPS), so that content apps need not know federation exists.
        from . import outgoing, personal_data

        outgoing.connect()
        personal_data.register()
