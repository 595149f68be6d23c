"""What the agenda publishes outside the site (iCal, Atom, the widget, open data) and the personal calendar address.

Every public read starts from `Event.objects.public()`: a feed, a widget or an open-data file is fetched without a
session and copied anywhere, so only what anyone may read goes in. The personal feed is the one exception, behind a
secret address, and it still applies `visible_to(user)` at each fetch: someone who left a private space stops
receiving its events even though their old answers remain.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from parvis.territories.models import Territory

from .models import CalendarToken, Category, Event, RsvpStatus, SubmissionStatus

# Subscribed calendars keep the recent past (people look back at last week's event), not years of it.
FEED_PAST = timedelta(days=30)
FEED_MAX = 1000
PERSONAL_STATUSES = (RsvpStatus.GOING, RsvpStatus.INTERESTED, RsvpStatus.WAITING)

logger = logging.getLogger("parvis.agenda")


def written(events: Iterable[Event], write: Callable[[Event], Any], *, output: str) -> Iterator[tuple[Event, Any]]:
    """(event, write(event)) for each event that can be written. An event that cannot (a date of year 9999 that a
    time zone shift overflows, a value stored before the bounds existed) is skipped and logged, so that one bad row
    never cuts a feed or a streamed file half-way: its readers get every other event and a well-formed file."""
    for event in events:
        try:
            result = write(event)
        except Exception:  # noqa: BLE001 - whatever the row holds, the file goes on; the log says which and why
            logger.warning("event skipped in %s", output, exc_info=True, extra={"event_id": event.pk, "output": output})
            continue
        yield event, result


def valid_category(value: str | None) -> str | None:
    """The category asked for by `?categorie=`, None for all; ValueError for an unknown one."""
    if not value:
        return None
    if value not in Category.values:
        raise ValueError(value)
    return value


def _finish(events, category: str | None, *, since=None):
    if category:
        events = events.filter(category=category)
    since = since or timezone.now() - FEED_PAST
    return events.upcoming(since).for_list().order_by("start", "pk")


def territory_events(territory: Territory, *, category: str | None = None, since=None):
    """Public events happening anywhere in the territory, and those its editors accepted in its common agenda."""
    communes = Territory.objects.within(territory).communes()
    accepted = Q(submissions__territory=territory, submissions__status=SubmissionStatus.ACCEPTED)
    ids = Event.objects.public().filter(Q(commune__in=communes) | accepted).values("pk")
    # Filtering by ids keeps the joins of the condition out of the ordered query (no DISTINCT over every column).
    return _finish(Event.objects.public().filter(pk__in=ids), category, since=since)


def space_events(space, *, category: str | None = None, since=None):
    return _finish(Event.objects.public().filter(space=space), category, since=since)


def instance_events(*, category: str | None = None, since=None):
    """Every public event of the instance, for the whole-site feed and open data."""
    return _finish(Event.objects.public(), category, since=since)


def personal_events(user):
    """The events the person answered, as long as they may still see them."""
    answered = Event.objects.filter(rsvps__user=user, rsvps__status__in=PERSONAL_STATUSES).values("pk")
    return _finish(Event.objects.visible_to(user).filter(pk__in=answered), None)


# The personal calendar's address --------------------------------------------------------------------------


def active_token(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at=None).order_by("-created_at").first()


@transaction.atomic
def calendar_token_create(*, user) -> CalendarToken:
    """A new secret address; the previous one stops working, since the reason to ask is usually that it leaked."""
    CalendarToken.objects.select_for_update().filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user)


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    return CalendarToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


def token_user(token: str):
    """The owner of a live token, or None (revoked, unknown, or the account is closed)."""
    found = CalendarToken.objects.select_related("user").filter(token=token, revoked_at=None).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
