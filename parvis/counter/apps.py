from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.counter"
    label = "counter"
    verbose_name = _("Town hall counter")

    def ready(self):
        # Models load only once the app registry is ready: the kinds and the carrier are registered here.
        from parvis.core.media import register_carrier

        from .kinds import register
        from .models import ReportPhoto

        register()
        # Its datasets in the open-data catalogue (parvis/opendata).
        from . import datasets

        datasets.register()
        # A report's photos reach the public once an agent acknowledged it; before, its reporter and the agents.
        register_carrier(
            "report-photo",
            model=ReportPhoto,
            readable=lambda user: ReportPhoto.objects.readable_by(user),
            fields=("image", "image_small"),
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
