from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighboursConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.neighbours"
    label = "neighbours"
    verbose_name = _("Neighbours")
