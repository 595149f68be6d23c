from .models import Notification


def unread(request):
    """The header's unread count: one COUNT query, made only when a template shows it, once per request."""

    def count() -> int:
        if not hasattr(request, "_unread_notifications"):
            user = getattr(request, "user", None)
            request._unread_notifications = (
                Notification.objects.inbox(user).unread().count() if user is not None and user.is_authenticated else 0
            )
        return request._unread_notifications

    return {"unread_notifications": count}
