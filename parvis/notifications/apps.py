from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parvis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Models (and the modules that import them) load only once the app registry is ready: here, not at the top.
        from django.urls import reverse

        from parvis.core import hooks
        from parvis.core.links import absolute_url

        from .emails import unsubscribe_token
        from .models import EmailFrequency, NotificationPreference
        from .services import notification_send_at_once, wants_email_for
        from .tasks import fan_out, reaction, tell

        # The apps below (posts, spaces, messaging, neighbours) trigger and ask through core.hooks, never importing
        # this app: what happened is fanned out to those who may read it, and e-mails follow the person's choice.
        hooks.activity.connect(lambda **ids: fan_out.enqueue(**ids))
        hooks.tell.connect(lambda **values: tell.enqueue(**values))
        hooks.reacted.connect(lambda **ids: reaction.enqueue(**ids))
        hooks.wants_email.answer_with(wants_email_for)
        hooks.unsubscribe_url.answer_with(
            lambda *, user: absolute_url(
                reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
            )
        )
        hooks.notify_at_once.answer_with(notification_send_at_once)
        hooks.no_email_people.answer_with(
            lambda: NotificationPreference.objects.filter(email_frequency=EmailFrequency.NEVER).values("user_id")
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
