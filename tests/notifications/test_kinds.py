"""Notifications about any kind of the registry (events, listings, not only posts): shown and linked through the
kind, hidden and never e-mailed once the recipient may no longer read the target, in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.moderation import services as moderation
from parvis.neighbours.services import listing_create
from parvis.notifications.models import EmailFrequency, Kind, Notification
from parvis.notifications.notify import notify
from parvis.notifications.services import digest_send, notification_email_send
from parvis.posts.models import Post, Status
from parvis.site.header import header
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member

from .conftest import prefer


def an_event(creator, space, commune, title="Fête des voisins"):
    return event_create(
        creator=creator,
        space=space,
        title=title,
        start=timezone.now().replace(microsecond=0) + timedelta(days=4),
        commune=commune,
    )


def a_listing(author, title="Je prête une tondeuse"):
    return listing_create(author=author, direction="offer", kind="loan", scope="commune", title=title)


def test_a_notification_about_an_event_shows_and_links_to_the_event(client, spaces, inhabitant, neighbour, beauvais):
    event = an_event(inhabitant, spaces[Visibility.PUBLIC], beauvais)
    notify("event", event, inhabitant, [neighbour], Kind.MENTION)
    client.force_login(neighbour)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'href="{event.get_absolute_url()}"' in page
    assert "Camille" in page and spaces[Visibility.PUBLIC].name in page
    item = client.get("/api/v1/notifications").json()["items"][0]
    assert (item["target_kind"], item["target_id"], item["url"]) == ("event", event.pk, event.get_absolute_url())
    assert (item["post_id"], item["comment_id"], item["space_slug"]) == (None, None, spaces[Visibility.PUBLIC].slug)


def test_a_notification_about_a_listing_shows_and_links_to_the_listing(client, inhabitant, neighbour, outsider):
    listing = a_listing(inhabitant)
    notify("listing", listing, inhabitant, [neighbour, outsider], Kind.MENTION)
    # The listing is scoped to Beauvais: the person from Compiègne is not told.
    assert list(Notification.objects.values_list("recipient", flat=True)) == [neighbour.pk]
    client.force_login(neighbour)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'href="{listing.get_absolute_url()}"' in page
    assert "Listing between neighbours" in page or "Annonce entre voisins" in page  # the kind's label, no space
    item = client.get("/api/v1/notifications").json()["items"][0]
    assert (item["target_kind"], item["url"], item["space_slug"]) == ("listing", listing.get_absolute_url(), None)
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}


def test_a_comment_notification_keeps_its_post_and_comment_ids_in_the_api(
    client, spaces, inhabitant, neighbour, publish, answer
):
    post = publish(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Qui vient ranger la salle ?")
    comment = answer(author=neighbour, post=post, body="Moi, samedi")
    client.force_login(inhabitant)
    item = client.get("/api/v1/notifications").json()["items"][0]
    assert (item["post_id"], item["comment_id"]) == (post.pk, comment.pk)
    assert item["url"] == f"{post.get_absolute_url()}#commentaire-{comment.pk}"


def unreadable_cases(spaces, inhabitant, neighbour, operator_moderator, beauvais, publish):
    """Yield (what happened, a function making the target unreadable to the neighbour), each with one notification
    to the neighbour, who reads it until then."""
    add_member(spaces[Visibility.MEMBERS], neighbour)

    def member_left():
        event = an_event(inhabitant, spaces[Visibility.MEMBERS], beauvais, title="Bureau du jeudi")
        notify("event", event, inhabitant, [neighbour], Kind.MENTION)
        return lambda: space_leave(space=spaces[Visibility.MEMBERS], user=neighbour)

    def post_hidden():
        post = publish(author=inhabitant, space=spaces[Visibility.PUBLIC], body="@dominique bientôt masqué")
        return lambda: Post.objects.filter(pk=post.pk).update(status=Status.HIDDEN)

    def space_suspended():
        event = an_event(inhabitant, spaces[Visibility.PUBLIC], beauvais, title="Braderie")
        notify("event", event, inhabitant, [neighbour], Kind.MENTION)

        def suspend():
            report = moderation.report_create(
                reporter=neighbour, kind="space", target_id=spaces[Visibility.PUBLIC].pk, reason="illegal"
            )
            moderation.decision_take(moderator=operator_moderator, report=report, action="suspend", reason="Fraude.")

        return suspend

    return {"member left": member_left, "post hidden": post_hidden, "space suspended": space_suspended}


@pytest.mark.parametrize("case", ["member left", "post hidden", "space suspended"])
@pytest.mark.parametrize("frequency", [EmailFrequency.IMMEDIATE, EmailFrequency.DAILY])
def test_a_notification_whose_target_became_unreadable_is_neither_shown_nor_emailed(
    case, frequency, client, spaces, inhabitant, neighbour, operator_moderator, beauvais, publish
):
    prefer(neighbour, EmailFrequency.NEVER)  # nothing leaves while the case is set up
    make_unreadable = unreadable_cases(spaces, inhabitant, neighbour, operator_moderator, beauvais, publish)[case]()
    notification = Notification.objects.get(recipient=neighbour)
    assert Notification.objects.inbox(neighbour).get() == notification  # readable until then
    make_unreadable()
    prefer(neighbour, frequency)
    mail.outbox.clear()
    client.force_login(neighbour)
    assert notification.target_url not in client.get(reverse("notifications:list")).content.decode()
    assert client.get("/api/v1/notifications").json()["items"] == []
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 0}
    if frequency == EmailFrequency.IMMEDIATE:
        assert notification_email_send(notification_id=notification.pk) == "not visible"
    else:
        assert digest_send(user=neighbour) == 0
    assert mail.outbox == []


def test_a_page_of_mixed_kinds_costs_a_bounded_number_of_queries(
    client, spaces, inhabitant, neighbour, beauvais, publish, answer, django_assert_max_num_queries
):
    def page_of(count: int):
        Notification.objects.all().delete()
        for index in range(count):
            which = index % 4
            if which == 0:
                notify("event", an_event(inhabitant, spaces["public"], beauvais, f"Atelier {index}"), inhabitant,
                       [neighbour], Kind.MENTION)  # fmt: skip
            elif which == 1:
                notify("listing", a_listing(inhabitant, f"Prêt {index}"), inhabitant, [neighbour], Kind.MENTION)
            elif which == 2:
                publish(author=inhabitant, space=spaces["public"], body=f"@dominique message {index}")
            else:
                post = publish(author=neighbour, space=spaces["public"], body=f"Question {index}")
                answer(author=inhabitant, post=post, body=f"Réponse {index}")
        assert Notification.objects.inbox(neighbour).count() == count

    add_member(spaces["public"], neighbour)
    client.force_login(neighbour)
    counts = []
    for count in (1, 20):
        page_of(count)
        # 13: the menu's query for queues (parvis/site/queues.py) is on every signed-in page.
        with django_assert_max_num_queries(13) as captured:
            response = client.get(reverse("notifications:list"))
        assert response.status_code == 200 and response.content.decode().count('class="card') == count
        counts.append(len(captured))
    # One query per kind on the page, never one per notification.
    assert counts[1] <= counts[0] + 3


def test_the_badge_costs_one_query_without_unread_and_two_with_any_number_of_kinds(
    client, spaces, inhabitant, neighbour, beauvais, django_assert_num_queries
):
    def badge() -> int:
        request = RequestFactory().get("/")
        request.user = neighbour
        return header(request)["unread_notifications"]()

    with django_assert_num_queries(1):
        assert badge() == 0
    add_member(spaces[Visibility.MEMBERS], neighbour)
    for index in range(5):
        notify("event", an_event(inhabitant, spaces[Visibility.MEMBERS], beauvais, f"Réunion {index}"), inhabitant,
               [neighbour], Kind.MENTION)  # fmt: skip
        notify("listing", a_listing(inhabitant, f"Prêt {index}"), inhabitant, [neighbour], Kind.MENTION)
    with django_assert_num_queries(2):
        assert badge() == 10
    space_leave(space=spaces[Visibility.MEMBERS], user=neighbour)
    with django_assert_num_queries(2):
        assert badge() == 5  # the events of the space left are no longer counted
