"""Camille's notification choices: the reminders, alerts and messages on her phone too, the reactions on the site
only. Her preferences page shows a table chosen by a real person, not the defaults alone; her phone itself cannot
be in the demo (a push service gives its address to a real browser only)."""

from parvis.notifications.push import push_key
from parvis.notifications.services import notification_channels_set


def notification_choices_create(*, people) -> None:
    push_key()  # the instance's key, as `make migrate` creates it
    notification_channels_set(
        user=people["camille"],
        choices={
            "reminder": {"in_app", "email", "push"},
            "alert": {"in_app", "email", "push"},
            "message": {"in_app", "email", "push"},
            "reactions": {"in_app"},
        },
    )
