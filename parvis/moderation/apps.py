from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from parvis.core import permissions
from parvis.core.viewer import viewer_changed


def _forget(sender, **kwargs) -> None:
    permissions.roles_changed()


def _queue_changed(sender, **kwargs) -> None:
    viewer_changed()


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
        # Reads remember the suspended spaces for the request (`spaces.models.suspended_space_ids`): a decision
        # written or removed by any path (a service, the administration, a test) is seen at once.
        post_save.connect(_forget, sender=Decision, weak=False, dispatch_uid="parvis.moderation.decision.saved")
        post_delete.connect(_forget, sender=Decision, weak=False, dispatch_uid="parvis.moderation.decision.deleted")
        # A report made or handled changes the moderators' queue badge, kept across requests (parvis/core/viewer.py).
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(_queue_changed, sender=Report, weak=False, dispatch_uid=f"parvis.moderation.queue.{name}")
        # The operator's moderators handling a report see what is reported (a private message's image, say).
        hooks.handles_report.answer_with(
            lambda *, user, kind, target_id: (
                Report.objects.handled_by(user).filter(kind=kind, target_id=target_id).exists()
            )
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
