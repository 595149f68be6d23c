"""Background work of the authorities' news; every task takes plain ids and is idempotent."""

from parvis.core.mail import mail_task

from . import services


@mail_task
def bulletin_deliver(*, bulletin_id: int) -> int:
    """Enqueued after commit by `bulletin_send`."""
    return services.bulletin_deliver(bulletin_id=bulletin_id)
