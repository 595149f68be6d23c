from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from .kinds import register

        register()

        from . import permissions

        permissions.register()

        from parvis.core.media import register_carrier

        from .models import Alert

        # An alert's photo reaches the people of its area, as the alert itself (no one once moderated).
        register_carrier(
            "alert-photo",
            model=Alert,
            readable=lambda user: Alert.objects.visible_to(user),
            fields=("photo", "photo_small"),
        )

        # A count of the week's alerts on the digest pinned in the hall (never their content).
        from . import digest

        digest.register()

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
