from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "parvis.digest"
    label = "digest"
    verbose_name = _("Weekly digest")

    def ready(self) -> None:
        # The week's events, official news and neighbours' listings; other apps (the alerts) add their own section
        # through `parvis.core.kinds.register_digest_section`.
        from . import sections

        sections.register()
