from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parvis.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import audit
        from .kinds import register

        audit.connect()
        register()
