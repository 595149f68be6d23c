"""What the header shows a signed-in person on every page: their unread messages, their unread notifications and
the queues they hold (site/queues.py). One query on the person's row asks all three at once — the roles, the SUM
of unread messages, and per kind of content whether unread notifications of it wait — where four queries did;
then the notifications' count is one more query only when some wait (it checks each kind's visibility rule, for
those kinds alone), and a queue's count only for those who hold one. All of it is kept for the person across
requests until the next write (parvis/core/viewer.py): a message read or a report handled shows on the next page."""

from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import translation

from parvis.core.viewer import kept_for
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
    template shows it. The roles, the two badges and the queues are worked out together, once, and kept for the
    person until the next write (parvis/core/viewer.py): one cache read per page instead of their queries."""
    user = getattr(request, "user", None)

    def read() -> dict:
        if not hasattr(request, "_parvis_header"):
            # The queues' labels are translated: one entry per language.
            name = f"header:{translation.get_language()}"
            request._parvis_header = kept_for(user, name, lambda: badges_of(user))
        return request._parvis_header

    def messages() -> int:
        return read()["header"].unread_messages

    def notifications() -> int:
        return read()["notifications"]

    def queues() -> list[Queue]:
        return read()["queues"]

    return {"unread_messages": messages, "unread_notifications": notifications, "queues": queues}


def badges_of(user) -> dict:
    found = header_of(user)
    return {
        "header": found,
        "notifications": unread_notifications_of(user, found),
        "queues": queues_for(user, found.roles),
    }
