from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TvConfig(AppConfig):
    name = "parvis.tv"
    label = "tv"
    verbose_name = _("Web TV")

    def ready(self):
        # Models load only once the app registry is ready: the kind and the file carrier are registered here.
        from . import permissions, personal_data
        from .kinds import register

        register()
        personal_data.register()
        # The members of a space whose channel is open to them send videos (the role `contributor`).
        permissions.register()
