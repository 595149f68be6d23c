from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parvis.accounts"
    label = "accounts"

    def ready(self):
        from .kinds import register

        register()
