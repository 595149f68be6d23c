"""The notifications API with a personal access token."""

from parvis.notifications.models import Notification
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member, api_client


def test_list_count_and_mark_read_with_a_token(spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Les jardins partagés ouvrent")
    answer(author=neighbour, post=post, body="Super nouvelle")
    answer(author=neighbour, post=post, body="Je m'inscris")
    api = api_client(inhabitant)

    listing = api.get("/api/v1/notifications").json()
    assert listing["count"] == 2
    item = listing["items"][0]
    assert item["kind"] == "comment_on_my_post"
    assert item["space_slug"] == spaces["public"].slug
    assert item["url"].startswith(post.get_absolute_url())
    assert item["read_at"] is None
    assert api.get("/api/v1/notifications/unread-count").json() == {"unread": 2}

    marked = api.post(f"/api/v1/notifications/{item['id']}/read")
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    assert api.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert api.get("/api/v1/notifications", {"unread": True}).json()["count"] == 1
    assert api.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/unread-count").json() == {"unread": 0}


def test_api_shows_nobody_elses_notifications(spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Concert sur le parvis")
    answer(author=neighbour, post=post, body="J'y serai")
    notification = Notification.objects.get(recipient=inhabitant)
    api = api_client(neighbour)
    assert api.get("/api/v1/notifications").json()["count"] == 0
    assert api.post(f"/api/v1/notifications/{notification.pk}/read").status_code == 404


def test_api_hides_notifications_from_a_space_left(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    publish(author=inhabitant, space=spaces["members"], body="@dominique ordre du jour")
    api = api_client(neighbour)
    assert api.get("/api/v1/notifications").json()["count"] == 1
    space_leave(space=spaces["members"], user=neighbour)
    assert api.get("/api/v1/notifications").json()["count"] == 0
    assert api.get("/api/v1/notifications/unread-count").json() == {"unread": 0}


def test_api_needs_a_token_or_a_session(client):
    assert client.get("/api/v1/notifications").status_code == 401


def test_openapi_describes_the_notification_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/notifications",
        "/api/v1/notifications/unread-count",
        "/api/v1/notifications/read-all",
        "/api/v1/notifications/{notification_id}/read",
    } <= set(paths)
