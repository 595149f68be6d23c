from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "parvis.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # Models may be imported only once the app registry is ready, so here and not at the top.
        from parvis.core import hooks
        from parvis.spaces import hooks as spaces_hooks

        from .models import Decision, Report

        # A space suspended by a decision in force leaves every read path, and comes back when it is reversed.
        spaces_hooks.suspended_spaces_from(lambda: Decision.objects.suspending_spaces().values("target_id"))
        # The operator's moderators handling a report see what is reported (a private message's image, say).
        hooks.handles_report.answer_with(
            lambda *, user, kind, target_id: (
                Report.objects.handled_by(user).filter(kind=kind, target_id=target_id).exists()
            )
        )
