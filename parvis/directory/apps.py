from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data

        personal_data.register()
