from .models import Notification


def unread(request):
    """The header's unread count, made only when a template shows it, once per request: which kinds the unread
    notifications speak of (one query on the recipient's index; nothing more when there are none), then one COUNT
    checking those kinds' rules (`Notification.objects.inbox`)."""

    def count() -> int:
        if not hasattr(request, "_unread_notifications"):
            user = getattr(request, "user", None)
            request._unread_notifications = (
                Notification.objects.inbox(user, unread=True).count()
                if user is not None and user.is_authenticated
                else 0
            )
        return request._unread_notifications

    return {"unread_notifications": count}
