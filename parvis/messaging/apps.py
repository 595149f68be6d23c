from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "parvis.messaging"
    label = "messaging"
    verbose_name = _("Private messages")

    def ready(self):
        from .kinds import register

        register()
