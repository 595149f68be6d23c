from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    name = "parvis.toolbox"
    label = "toolbox"
    verbose_name = _("Group toolbox")

    def ready(self):
        from .kinds import register

        register()

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
