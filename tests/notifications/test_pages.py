"""The notifications page, the header badge, marking read and the preferences page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parvis.notifications.models import EmailFrequency, Notification, NotificationPreference
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member

# The header badge and the list each ask first which kinds the notifications speak of (one small query), so that
# only those kinds' rules are built into their SQL.
LIST_MAX_QUERIES = 10


def test_header_shows_the_unread_count(signed_in, spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Des idées pour la fête ?")
    for text in ("Un barbecue", "Un concert", "Un loto"):
        answer(author=neighbour, post=post, body=text)
    page = signed_in.get(reverse("home")).content.decode()
    assert f'href="{reverse("notifications:list")}"' in page
    assert '<span class="count" aria-hidden="true">3</span>' in page
    assert "aria-label=" in page.split(reverse("notifications:list"))[1].split(">")[0]


def test_no_badge_without_unread_notifications(signed_in):
    page = signed_in.get(reverse("home")).content.decode()
    assert reverse("notifications:list") in page
    assert 'class="count"' not in page.split(reverse("notifications:list"))[1].split("</a>")[0]


def test_list_links_each_notification_to_its_target(signed_in, spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Perdu : un trousseau de clés")
    comment = answer(author=neighbour, post=post, body="Je l'ai trouvé")
    response = signed_in.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert f"{post.get_absolute_url()}#commentaire-{comment.pk}" in response.content.decode()
    assert reverse("notifications:preferences") in response.content.decode()


def test_mark_one_and_all_read(signed_in, spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Covoiturage pour le marché")
    answer(author=neighbour, post=post, body="Je peux prendre deux personnes")
    answer(author=neighbour, post=post, body="Départ 9 h")
    first, second = Notification.objects.filter(recipient=inhabitant).order_by("pk")
    response = signed_in.post(reverse("notifications:mark_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    signed_in.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=inhabitant, read_at__isnull=True).exists()
    assert "(0)" not in signed_in.get(reverse("home")).content.decode()


def test_nobody_marks_another_persons_notification(client, spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Troc de graines")
    answer(author=neighbour, post=post, body="J'ai des tomates")
    notification = Notification.objects.get(recipient=inhabitant)
    client.force_login(neighbour)
    assert client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_person_who_left_the_private_space_no_longer_sees_the_notification(
    client, spaces, inhabitant, neighbour, publish
):
    add_member(spaces["members"], neighbour)
    post = publish(author=inhabitant, space=spaces["members"], body="@dominique la réunion est jeudi")
    client.force_login(neighbour)
    assert post.get_absolute_url() in client.get(reverse("notifications:list")).content.decode()
    space_leave(space=spaces["members"], user=neighbour)
    page = client.get(reverse("notifications:list")).content.decode()
    assert post.get_absolute_url() not in page
    assert spaces["members"].name not in page
    assert Notification.objects.filter(recipient=neighbour).count() == 1  # kept, only hidden


def _notify_inhabitant(count, *, post, author, answer):
    for number in range(count):
        answer(author=author, post=post, body=f"Commentaire numéro {number}")


def test_list_page_costs_the_same_queries_for_1_and_20(
    signed_in, spaces, inhabitant, neighbour, publish, answer, django_assert_max_num_queries
):
    post = publish(author=inhabitant, space=spaces["public"], body="Comptez les requêtes")
    _notify_inhabitant(1, post=post, author=neighbour, answer=answer)
    url = reverse("notifications:list")
    with django_assert_max_num_queries(LIST_MAX_QUERIES), CaptureQueriesContext(connection) as one:
        assert signed_in.get(url).status_code == 200
    _notify_inhabitant(19, post=post, author=neighbour, answer=answer)
    assert Notification.objects.filter(recipient=inhabitant).count() == 20
    with django_assert_max_num_queries(LIST_MAX_QUERIES), CaptureQueriesContext(connection) as twenty:
        response = signed_in.get(url)
    assert response.content.decode().count("#commentaire-") == 20
    assert len(one.captured_queries) == len(twenty.captured_queries)


def test_preferences_page_saves_the_frequency(signed_in, inhabitant):
    url = reverse("notifications:preferences")
    page = signed_in.get(url)
    assert page.status_code == 200
    assert 'value="daily"' in page.content.decode() and "checked" in page.content.decode()
    assert signed_in.post(url, {"email_frequency": "immediate"}).status_code == 302
    assert NotificationPreference.objects.get(user=inhabitant).email_frequency == EmailFrequency.IMMEDIATE
    assert signed_in.post(url, {"email_frequency": "hourly"}).status_code == 200  # refused with the form


def test_pages_need_sign_in(client):
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.get(reverse("notifications:preferences")).status_code == 302


def test_a_post_hidden_by_a_moderator_leaves_the_list(client, spaces, inhabitant, neighbour, publish):
    from parvis.posts.models import Post, Status

    post = publish(author=inhabitant, space=spaces["public"], body="@dominique un message bientôt masqué")
    client.force_login(neighbour)
    assert post.get_absolute_url() in client.get(reverse("notifications:list")).content.decode()
    Post.objects.filter(pk=post.pk).update(status=Status.HIDDEN)
    assert post.get_absolute_url() not in client.get(reverse("notifications:list")).content.decode()
