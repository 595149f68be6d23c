from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "parvis.messaging"
    label = "messaging"
    verbose_name = _("Private messages")

    def ready(self):
        from .kinds import register

        register()

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
