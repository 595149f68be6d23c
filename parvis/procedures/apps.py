from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parvis.procedures"
    label = "procedures"
    verbose_name = _("Online procedures")

    def ready(self):
        # Models load only once the app registry is ready: the kinds and the carrier are registered here.
        from parvis.core.media import register_carrier

        from . import personal_data as register_of_personal_data
        from .kinds import register
        from .models import AnswerValue

        register()
        # A file sent with a procedure's form is read by its sender and the service's agents, never anyone else.
        register_carrier(
            "procedure-file",
            model=AnswerValue,
            readable=lambda user: AnswerValue.objects.readable_by(user),
            fields=("file",),
        )
        register_of_personal_data.register()
