from django.db.models import Sum

from .models import Participant


def unread(request):
    """The header's "Messages (n)": one indexed SUM, made only when a template shows it, once per request."""

    def count() -> int:
        if not hasattr(request, "_unread_messages"):
            user = getattr(request, "user", None)
            total = 0
            if user is not None and user.is_authenticated:
                total = (
                    Participant.objects.filter(user=user, unread_count__gt=0).aggregate(total=Sum("unread_count"))[
                        "total"
                    ]
                    or 0
                )
            request._unread_messages = total
        return request._unread_messages

    return {"unread_messages": count}
