from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from .kinds import register

        register()

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data

        personal_data.register()
        # Its figures for the operator (parvis/figures).
        from .kinds import register_indicators

        register_indicators()
        # Its dataset in the open-data catalogue (parvis/opendata).
        from . import datasets

        datasets.register()
