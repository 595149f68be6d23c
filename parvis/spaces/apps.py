from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"

    def ready(self):
        from .kinds import register

        register()
