"""`notify(kind, target, actor, recipients, verb)`: any kind of the registry, told only to those who may read it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.notifications.models import Kind, Notification
from parvis.notifications.notify import notify
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member


@pytest.fixture
def private_event(inhabitant, spaces, beauvais):
    return event_create(
        creator=inhabitant,
        space=spaces[Visibility.MEMBERS],
        title="Assemblée du bureau",
        start=timezone.now().replace(microsecond=0) + timedelta(days=4),
        commune=beauvais,
    )


def test_an_event_is_notified_to_its_readers_only_and_once(private_event, inhabitant, neighbour, outsider):
    add_member(private_event.space, neighbour)
    notify("event", private_event, inhabitant, [neighbour, outsider, inhabitant], Kind.MENTION)
    notify("event", private_event, inhabitant, [neighbour], Kind.REPLY)  # a second reason: still one
    told = Notification.objects.filter(target_kind="event", target_id=private_event.pk)
    assert [(n.recipient, n.kind) for n in told] == [(neighbour, Kind.MENTION)]
    item = Notification.objects.inbox(neighbour).for_list().get()
    assert item.target_url == private_event.get_absolute_url() and item.space == private_event.space
    # The neighbour leaves the space: the event's own rule hides the notification.
    space_leave(space=private_event.space, user=neighbour)
    assert not Notification.objects.inbox(neighbour).exists()


def test_an_unknown_kind_is_refused(private_event, inhabitant):
    with pytest.raises(ValueError):
        notify("nothing", private_event, inhabitant, [], Kind.MENTION)
