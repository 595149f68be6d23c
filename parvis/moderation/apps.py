from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "parvis.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # Models may be imported only once the app registry is ready, so here and not at the top.
        from parvis.spaces import hooks

        from .models import Decision

        # A space suspended by a decision in force leaves every read path, and comes back when it is reversed.
        hooks.suspended_spaces_from(lambda: Decision.objects.suspending_spaces().values("target_id"))
