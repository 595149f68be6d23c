from django.apps import AppConfig


class RightsConfig(AppConfig):
    """A person's rights over their data (download everything, delete the account) and the retention rules that
    remove what is kept past its term."""

    name = "parvis.rights"
    label = "rights"

    def ready(self):
        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data

        personal_data.register()
