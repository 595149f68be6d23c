"""Background work of neighbourhood life; every task takes plain ids and is idempotent."""

from parvis.core.mail import mail_task

from . import services


@mail_task
def announcement_notify(*, announcement_id: int) -> int:
    """Enqueued after commit by `announcement_publish`."""
    return services.announcement_notify(announcement_id=announcement_id)
