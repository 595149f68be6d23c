"""What the header shows a signed-in person on every page: their unread messages, their unread notifications and
the queues they hold (site/queues.py). One query on the person's row asks all three at once — the roles, the SUM
of unread messages, and per kind of content whether unread notifications of it wait — where four queries did;
then the notifications' count is one more query only when some wait (it checks each kind's visibility rule, for
those kinds alone), and a queue's count only for those who hold one. Nothing is cached across requests: a message
read or a report handled shows on the next page."""

from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from parvis.messaging.models import Participant
from parvis.notifications.models import Notification, unread_kinds_probe

from .queues import Queue, Roles, person_row, queues_for, roles_from

PROBE = "unread_"


@dataclass(frozen=True)
class Header:
    roles: Roles
    unread_messages: int
    unread_kinds: frozenset[str]  # kinds of content that unread notifications speak of


NOBODY = Header(roles=Roles(), unread_messages=0, unread_kinds=frozenset())


def header_of(user) -> Header:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    seats = Participant.objects.filter(user=OuterRef("pk"), unread_count__gt=0).order_by().values("user")
    messages = Subquery(seats.annotate(total=Sum("unread_count")).values("total"), output_field=IntegerField())
    probes = unread_kinds_probe(OuterRef("pk"))
    row = person_row(user, header_messages=Coalesce(messages, 0), **probes)
    if row is None:
        return NOBODY
    return Header(
        roles=roles_from(user, row),
        unread_messages=row["header_messages"] or 0,
        unread_kinds=frozenset(name.removeprefix(PROBE) for name in probes if row[name]),
    )


def unread_notifications_of(user, header: Header) -> int:
    if not header.unread_kinds:
        return 0
    return Notification.objects.inbox(user, unread=True, kinds_present=header.unread_kinds).count()


def header(request):
    """Context processor: `unread_messages`, `unread_notifications` and `queues`, each computed only when a
    template shows it, from the one header query made once per request."""
    user = getattr(request, "user", None)

    def read() -> Header:
        if not hasattr(request, "_parvis_header"):
            request._parvis_header = header_of(user)
        return request._parvis_header

    def messages() -> int:
        return read().unread_messages

    def notifications() -> int:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = unread_notifications_of(user, read())
        return request._unread_notifications

    def queues() -> list[Queue]:
        if not hasattr(request, "_parvis_queues"):
            request._parvis_queues = queues_for(user, read().roles)
        return request._parvis_queues

    return {"unread_messages": messages, "unread_notifications": notifications, "queues": queues}
