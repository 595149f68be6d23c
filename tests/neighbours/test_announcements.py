import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parvis.neighbours import services
from parvis.neighbours.models import ResidenceAnnouncement
from parvis.notifications.models import EmailFrequency, Notification
from parvis.notifications.services import notification_preference_set
from tests.factories import add_member, make_user


def test_announcement_reaches_both_residents_notified_emailed_and_pinned(
    client, residence, residents, landlord, landlord_user, django_capture_on_commit_callbacks
):
    first, second = residents
    notification_preference_set(user=second, email_frequency=EmailFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_publish(
            actor=landlord_user,
            residence=residence,
            category="works",
            body="Coupure d'eau chaude mardi de 9 h à 12 h.",
        )
    post = announcement.post
    assert post.space == residence.space and post.as_organisation == landlord
    for person in (first, second):
        assert Notification.objects.inbox(person).filter(target_kind="post", target_id=post.pk).exists()
    # At once, whatever the digest preference.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])

    for person in (first, second):
        client.force_login(person)
        space_page = client.get(residence.space.get_absolute_url()).content.decode()
        assert "Announcements from your landlord or condo manager" in space_page
        assert space_page.index("eau chaude mardi") < space_page.index('id="members-title"')

    client.force_login(first)
    home = client.get(reverse("posts:home_feed")).content.decode()
    pinned_block = home.index("Announcements from your landlord or condo manager")
    assert pinned_block < home.index("eau chaude mardi")

    notifications_page = client.get(reverse("notifications:list")).content.decode()
    assert "Résidence Les Tilleuls" in notifications_page and post.get_absolute_url() in notifications_page
    # Running the task again sends nothing more.
    assert services.announcement_notify(announcement_id=announcement.pk) == 0
    assert len(mail.outbox) == 2


def test_residents_who_said_never_are_not_emailed(
    residence, residents, landlord_user, django_capture_on_commit_callbacks
):
    first, second = residents
    notification_preference_set(user=second, email_frequency=EmailFrequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(actor=landlord_user, residence=residence, category="meeting", body="AG jeudi")
    assert [message.to[0] for message in mail.outbox] == [first.email]
    assert Notification.objects.filter(recipient=second).exists()


def test_outsiders_do_not_see_the_announcement(client, residence, residents, landlord_user, outsider):
    announcement = services.announcement_publish(
        actor=landlord_user, residence=residence, category="incident", body="Ascenseur en panne"
    )
    client.force_login(outsider)
    assert "Ascenseur en panne" not in client.get(residence.space.get_absolute_url()).content.decode()
    assert client.get(announcement.post.get_absolute_url()).status_code == 404


def test_only_the_manager_announces_and_unpins(client, residence, residents, landlord_user, landlord):
    first, _second = residents
    with pytest.raises(PermissionDenied):
        services.announcement_publish(actor=first, residence=residence, category="works", body="Faux travaux")
    with pytest.raises(ValidationError):
        services.announcement_publish(actor=landlord_user, residence=residence, category="party", body="Fête")
    with pytest.raises(ValidationError) as error:
        services.announcement_publish(actor=landlord_user, residence=residence, category="works", body="  ")
    assert "Write something before publishing." in error.value.messages
    announcement = services.announcement_publish(
        actor=landlord_user, residence=residence, category="works", body="Ravalement"
    )
    with pytest.raises(PermissionDenied):
        services.announcement_unpin(actor=first, announcement=announcement)
    client.force_login(landlord_user)
    client.post(f"/voisins/communiques/{announcement.pk}/desepingler/")
    assert not ResidenceAnnouncement.objects.pinned().exists()


def test_a_colleague_of_the_manager_announces_as_administrator(residence, landlord, residents):
    from parvis.spaces.models import Membership, Role

    colleague = make_user("collegue@example.org", display_name="Collègue")
    add_member(landlord, colleague, Role.ADMIN)
    services.announcement_publish(actor=colleague, residence=residence, category="meeting", body="Réunion")
    assert Membership.objects.get(space=residence.space, user=colleague).role == Role.ADMIN


def test_announcement_through_the_manager_page(client, residence, residents, landlord_user):
    client.force_login(landlord_user)
    response = client.post(
        f"/voisins/residences/{residence.pk}/annonce/", {"category": "works", "body": "Peinture du hall"}, follow=True
    )
    assert "Your announcement is pinned" in response.content.decode()
    response = client.post(
        f"/voisins/residences/{residence.pk}/annonce/", {"category": "works", "body": ""}, follow=True
    )
    assert "Write something before publishing." in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_pinned_block_costs_the_same_queries_whatever_the_number(
    client, residence, residents, landlord_user, count, django_assert_max_num_queries
):
    first, _second = residents
    for number in range(count):
        services.announcement_publish(
            actor=landlord_user, residence=residence, category="works", body=f"Travaux numéro {number}"
        )
    client.force_login(first)
    client.get("/")
    # 19: the space page also reads the space's latest polls, its TV channels and the reader's reactions once for the
    # whole feed.
    with django_assert_max_num_queries(19):
        assert client.get(residence.space.get_absolute_url()).status_code == 200
    # 13: the menu's one query telling whether the person holds a queue (parvis/site/queues.py) is on every page.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("posts:home_feed")).status_code == 200
