from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "parvis.bulletins"
    label = "bulletins"
    verbose_name = _("News from the authority")

    def ready(self):
        # Models load only once the app registry is ready: the kind is registered here, not at import.
        from .kinds import register

        register()

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
