"""What a signed-in person's pages work out about them (memberships, badges, pinned announcements) is kept across
requests (parvis/core/viewer.py), and never outlives a write: the very next page shows a membership gained or lost,
a new notification, a new message. Each signed-in page stays within a fixed number of queries once warm."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parvis.messaging.services import conversation_start, message_send
from parvis.notifications.models import Kind
from parvis.notifications.notify import notify
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member, make_event, soon


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.PARVIS_VIEWER_SECONDS = 600


def badge(page: str, url: str) -> int:
    """The count shown on the header's link to `url` (0 when none is shown)."""
    count = r'(?:<span class="count" aria-hidden="true">(\d+)</span>)?'
    found = re.search(rf'href="{re.escape(url)}"[^>]*>.*?{count}</a>', page)
    assert found, f"no link to {url} in the header"
    return int(found.group(1) or 0)


@pytest.fixture
def neighbour_client(neighbour) -> Client:
    client = Client()
    client.force_login(neighbour)
    return client


def test_a_membership_gained_or_lost_shows_on_the_very_next_page(neighbour_client, neighbour, inhabitant, spaces):
    club = spaces[Visibility.MEMBERS]
    post_create(author=inhabitant, space=club, body="Code du portail : 4512")
    assert "4512" not in neighbour_client.get("/fil/").content.decode()
    assert "4512" not in neighbour_client.get("/fil/").content.decode()  # read from what was kept

    add_member(club, neighbour)  # outside any request, as the administration or a task would
    assert "4512" in neighbour_client.get("/fil/").content.decode()
    assert "4512" in neighbour_client.get("/").content.decode()

    space_leave(space=club, user=neighbour)
    assert "4512" not in neighbour_client.get("/fil/").content.decode()
    assert "4512" not in neighbour_client.get("/").content.decode()
    assert neighbour_client.get(club.get_absolute_url()).content.decode().count("4512") == 0


def test_leaving_through_the_site_hides_the_space_on_the_next_page(neighbour_client, neighbour, inhabitant, spaces):
    club = spaces[Visibility.MEMBERS]
    add_member(club, neighbour)
    post_create(author=inhabitant, space=club, body="Réunion du bureau jeudi")
    assert "Réunion du bureau" in neighbour_client.get("/fil/").content.decode()
    neighbour_client.post(reverse("spaces:leave", kwargs={"slug": club.slug}))
    assert "Réunion du bureau" not in neighbour_client.get("/fil/").content.decode()


def test_a_new_notification_and_a_new_message_count_on_the_very_next_page(
    neighbour_client, neighbour, inhabitant, spaces
):
    notifications, messages = reverse("notifications:list"), reverse("messaging:list")
    page = neighbour_client.get("/fil/").content.decode()
    assert badge(page, notifications) == 0 and badge(page, messages) == 0

    add_member(spaces[Visibility.PUBLIC], neighbour)  # people write to those they share a group with
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour")
    page = neighbour_client.get("/fil/").content.decode()
    assert badge(page, messages) == 1

    message_send(sender=inhabitant, conversation=conversation, body="Tu es là ?")
    post = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Vide-grenier dimanche")
    notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    page = neighbour_client.get("/fil/").content.decode()
    assert badge(page, messages) == 2 and badge(page, notifications) == 1

    # Reading the conversation (a GET) clears its badge on the next page.
    neighbour_client.get(conversation.get_absolute_url())
    assert badge(neighbour_client.get("/fil/").content.decode(), messages) == 0


def test_what_is_kept_for_one_person_never_shows_to_another(neighbour_client, neighbour, inhabitant, spaces):
    club = spaces[Visibility.SECRET]
    post_create(author=inhabitant, space=club, body="Anniversaire surprise")
    owner = Client()
    owner.force_login(inhabitant)
    assert "Anniversaire surprise" in owner.get("/fil/").content.decode()
    assert "Anniversaire surprise" not in neighbour_client.get("/fil/").content.decode()
    assert "Anniversaire surprise" not in neighbour_client.get("/").content.decode()


# The space page's 15th is the composer's list of the space's web TV videos a post may carry, its 16th the posts pinned
# on top of the group, its 17th (and the commune page's 14th) the current alerts of the place; the event page's 9th its
# replays on the web TV, its 13th the count of the threads of its discussion (the threads and their replies are two more
# when there are some, whatever their number).
@pytest.mark.parametrize(
    ("page", "most"),
    [("home", 10), ("feed", 7), ("space", 17), ("post", 11), ("commune", 14), ("agenda", 7), ("event", 13)],
)
def test_each_signed_in_page_stays_within_its_queries_once_warm(
    signed_in, inhabitant, spaces, beauvais, page, most, django_assert_max_num_queries
):
    space = spaces[Visibility.PUBLIC]
    post = None
    for number in range(20):
        post = post_create(author=inhabitant, space=space, body=f"Nouvelle numéro {number}")
    event = make_event(inhabitant, space, "Concert au kiosque", start=soon())
    url = {
        "home": "/",
        "feed": "/fil/",
        "space": space.get_absolute_url(),
        "post": post.get_absolute_url(),
        "commune": beauvais.get_absolute_url(),
        "agenda": "/agenda/",
        "event": event.get_absolute_url(),
    }[page]
    assert signed_in.get(url).status_code == 200  # works out and keeps what is the person's
    with django_assert_max_num_queries(most):
        response = signed_in.get(url)
    assert response.status_code == 200
