from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "parvis.territories"
    label = "territories"

    def ready(self) -> None:
        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data

        personal_data.register()
        # The communes in the open-data catalogue (parvis/opendata).
        from . import datasets

        datasets.register()
