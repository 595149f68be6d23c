from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parvis.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import audit, permissions
        from .kinds import register

        audit.connect()
        register()
        permissions.register()
