from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighboursConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.neighbours"
    label = "neighbours"
    verbose_name = _("Neighbours")

    def ready(self):
        from .kinds import register

        register()
        from parvis.spaces.hooks import on_membership_ended

        from .services.residences import verification_end_for_former_member

        on_membership_ended(verification_end_for_former_member)
