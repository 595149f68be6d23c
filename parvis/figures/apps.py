from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        # Its own indicators (registered inhabitants, page views, visits) beside those the content apps register.
        from . import datasets, indicators, personal_data

        indicators.register()
        personal_data.register()
        # The dashboard shows territories' names and the households the operator entered: a territory saved or
        # removed is a new version of the figures' pages (`pages.py`).
        from django.db.models.signals import post_delete, post_save

        from parvis.territories.models import Territory

        from .pages import territory_changed

        post_save.connect(territory_changed, sender=Territory, dispatch_uid="figures-territory-saved")
        post_delete.connect(territory_changed, sender=Territory, dispatch_uid="figures-territory-deleted")
        # The figures per commune in the open-data catalogue (parvis/opendata).
        datasets.register()
