from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """The legal pages (mentions légales, privacy notice, accessibility statement, terms of use, contact, source
    code), filled from the operator's settings and the register of personal data, each replaceable by a text the
    operator writes in the administration."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.legal"
    label = "legal"
    verbose_name = _("Legal pages")

    def ready(self) -> None:
        # Models load only once the app registry is ready: the register's lines and the checks here, not at import.
        from . import checks, personal_data

        checks.register()
        personal_data.register()
