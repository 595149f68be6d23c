"""The header of every signed-in page: unread messages, unread notifications and the queues, from one query on the
person's row (plus the notifications' count when some wait)."""

import pytest
from django.test import RequestFactory

from parvis.messaging.services import conversation_start, message_send
from parvis.notifications.models import Kind
from parvis.notifications.notify import notify
from parvis.posts.services import post_create
from parvis.site.header import header
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member


def badges(user) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    shown = header(request)
    return {name: compute() for name, compute in shown.items()}


@pytest.mark.django_db
def test_messages_notifications_and_queues_cost_two_queries_and_count_exactly(
    spaces, inhabitant, neighbour, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert badges(neighbour) == {"unread_messages": 0, "unread_notifications": 0, "queues": []}

    add_member(spaces[Visibility.PUBLIC], neighbour)  # people write to those they share a group with
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour")
    message_send(sender=inhabitant, conversation=conversation, body="Tu es là ?")
    post = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Vide-grenier dimanche")
    notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    with django_assert_num_queries(2):
        assert badges(neighbour) == {"unread_messages": 2, "unread_notifications": 1, "queues": []}
    # The sender's own messages are not unread for them, and nobody told them anything.
    assert badges(inhabitant)["unread_messages"] == 0 and badges(inhabitant)["unread_notifications"] == 0


@pytest.mark.django_db
def test_a_notification_about_something_no_longer_readable_is_not_counted(spaces, inhabitant, neighbour):
    space = spaces[Visibility.MEMBERS]
    add_member(space, neighbour)
    post = post_create(author=inhabitant, space=space, body="Réunion du bureau")
    notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    assert badges(neighbour)["unread_notifications"] == 1
    space_leave(space=space, user=neighbour)
    assert badges(neighbour)["unread_notifications"] == 0


def test_nobody_signed_in_costs_nothing(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert badges(AnonymousUser()) == {"unread_messages": 0, "unread_notifications": 0, "queues": []}
