from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parvis.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Models (and the modules that import them) load only once the app registry is ready: here, not at the top.
        from parvis.core import hooks

        from . import audit, oidc, permissions, verifications
        from .kinds import register
        from .services import api_token_authenticate

        audit.connect()
        oidc.connect()
        verifications.register()
        register()
        permissions.register()
        hooks.api_token_user.answer_with(lambda *, token, method: api_token_authenticate(token, method=method))

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
