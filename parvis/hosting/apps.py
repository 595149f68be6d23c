from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostingConfig(AppConfig):
    name = "parvis.hosting"
    label = "hosting"
    verbose_name = _("Hosting log")

    def ready(self):
        # After the content apps in INSTALLED_APPS: their kinds are registered by now.
        from . import permissions, personal_data, record, services  # noqa: F401  (services registers its audit verb)

        permissions.register()
        record.connect()
        personal_data.register()
