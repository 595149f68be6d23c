from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "parvis.spaces"
    label = "spaces"

    def ready(self):
        from . import permissions
        from .kinds import register

        register()
        permissions.register()
