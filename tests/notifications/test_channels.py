"""Channels per kind of notification: each person chooses, per kind, on the site, by e-mail, on their devices, or
nothing; `notify` obeys; grouped reactions; the apps that tell through `hooks.tell` (approval, decision, message)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from parvis.messaging.services import conversation_start
from parvis.notifications import channels
from parvis.notifications.models import ChannelChoice, EmailFrequency, Kind, Notification
from parvis.notifications.notify import notify
from parvis.notifications.services import notification_channels_set
from parvis.posts.services import reaction_set
from parvis.spaces.models import JoinPolicy, Visibility
from parvis.spaces.services.memberships import membership_approve, space_join
from tests.factories import add_member, api_client, make_user

from .conftest import prefer


@pytest.fixture
def post(inhabitant, spaces, publish):
    return publish(
        author=inhabitant, space=spaces[Visibility.PUBLIC], body="Vide-grenier dimanche place Jeanne-Hachette"
    )


def test_every_kind_asked_for_exists_with_a_default():
    assert {"mention", "reply", "comment", "invitation", "approval", "reminder", "alert", "agenda_decision"} <= set(
        channels.KINDS
    )
    assert {"message", "reactions"} <= set(channels.KINDS)
    assert all(kind.default <= set(channels.CHANNELS) for kind in channels.KINDS.values())


def test_reasons_are_filed_under_their_kind():
    assert channels.kind_of_reason(Kind.MENTION) == "mention"
    assert channels.kind_of_reason(Kind.COMMENT_ON_MY_POST) == "comment"
    assert channels.kind_of_reason(Kind.JOIN_REQUEST) == "approval"
    assert channels.kind_of_reason("event_invitation", "event_invitation") == "invitation"
    assert channels.kind_of_reason("event_reminder_day", "event_reminder") == "reminder"
    assert channels.kind_of_reason("new_event_in_my_group", "event") == "activity"  # not filed: news


def test_the_default_is_the_site_and_the_e_mail(post, inhabitant, neighbour):
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    pending = notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    row = Notification.objects.get(recipient=neighbour)
    assert row.on_site and row.read_at is None and pending == [row]


def test_e_mail_only_keeps_the_row_off_the_site_and_out_of_the_badge(post, inhabitant, neighbour):
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    notification_channels_set(user=neighbour, choices={"mention": {"email"}})
    pending = notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    row = Notification.objects.get(recipient=neighbour)
    assert not row.on_site and row.read_at is not None and pending == [row]  # still e-mailed
    assert not Notification.objects.inbox(neighbour).exists()


def test_site_only_is_never_e_mailed_even_in_the_digest(post, inhabitant, neighbour):
    notification_channels_set(user=neighbour, choices={"mention": {"in_app"}})
    assert notify("post", post, inhabitant, [neighbour], Kind.MENTION) == []
    row = Notification.objects.get(recipient=neighbour)
    assert row.emailed_at is not None and Notification.objects.inbox(neighbour).get() == row


def test_none_means_nothing_at_all(post, inhabitant, neighbour):
    notification_channels_set(user=neighbour, choices={"mention": set()})
    notify("post", post, inhabitant, [neighbour], Kind.MENTION)
    assert not Notification.objects.filter(recipient=neighbour).exists()


def test_a_choice_equal_to_the_default_keeps_no_row(neighbour):
    notification_channels_set(user=neighbour, choices={"mention": {"in_app"}})
    notification_channels_set(user=neighbour, choices={"mention": {"in_app", "email"}})
    assert not ChannelChoice.objects.exists()


@pytest.mark.parametrize("choices", [{"nothing": {"email"}}, {"mention": {"pigeon"}}])
def test_unknown_kinds_and_channels_are_refused(neighbour, choices):
    with pytest.raises(ValidationError):
        notification_channels_set(user=neighbour, choices=choices)


def test_reactions_are_one_notification_updated(
    post, inhabitant, neighbour, beauvais, django_capture_on_commit_callbacks
):
    others = [make_user(f"voisin{n}@example.org", home_commune=beauvais, display_name=f"Voisin {n}") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in (neighbour, *others):
            reaction_set(user=person, post=post, kind="like")
        reaction_set(user=others[1], post=post, kind="thanks")  # a change of mind is not one more person
    row = Notification.objects.get(recipient=inhabitant)
    assert row.kind == Kind.REACTIONS and row.others == 2 and row.actor == others[1]
    with translation.override("en"):
        assert row.text.endswith("2 other people reacted to your post")
    row.read_at = row.created_at
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        reaction_set(user=neighbour, post=post, kind=None)
        reaction_set(user=neighbour, post=post, kind="support")
    row.refresh_from_db()
    assert row.read_at is None and row.others == 0 and row.actor == neighbour  # a new group after reading
    assert Notification.objects.filter(recipient=inhabitant).count() == 1


def test_an_accepted_request_to_join_is_told(inhabitant, neighbour, spaces, django_capture_on_commit_callbacks):
    space = spaces[Visibility.MEMBERS]
    space.join_policy = JoinPolicy.REQUEST
    space.save()
    membership = space_join(space=space, user=neighbour)
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(actor=inhabitant, space=space, membership=membership)
    row = Notification.objects.get(recipient=neighbour, kind=Kind.APPROVED)
    with translation.override("en"):
        assert row.text == f"You are now a member of {space.name}"
    assert Notification.objects.inbox(neighbour).get() == row
    assert [email.to for email in mail.outbox] == [[neighbour.email]]  # "at once": e-mailed now


def test_a_message_goes_to_devices_not_the_notifications_page(
    inhabitant, neighbour, spaces, django_capture_on_commit_callbacks
):
    add_member(spaces[Visibility.PUBLIC], neighbour)  # people write to those they share a group with
    with django_capture_on_commit_callbacks(execute=True):
        conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour, le vélo est dispo ?")
    row = Notification.objects.get(recipient=neighbour, kind=Kind.MESSAGE)
    assert not row.on_site and row.emailed_at is not None  # its e-mail is the messages' own
    assert not Notification.objects.inbox(neighbour).exists()


def test_no_message_e_mail_when_the_person_turned_it_off(
    inhabitant, neighbour, spaces, django_capture_on_commit_callbacks
):
    add_member(spaces[Visibility.PUBLIC], neighbour)
    notification_channels_set(user=neighbour, choices={"message": {"push"}})
    with django_capture_on_commit_callbacks(execute=True):
        conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour !")
    assert not [m for m in mail.outbox if neighbour.email in m.to]


def test_the_preferences_page_is_a_table_saved_per_person(signed_in, inhabitant):
    url = reverse("notifications:preferences")
    page = signed_in.get(url).content.decode()
    assert "<table" in page and '<th scope="col">' in page and '<th scope="row">' in page
    assert 'id="id_mention__push"' in page and 'for="id_mention__push"' in page
    assert "push-enable" in page
    data = {"email_frequency": EmailFrequency.DAILY}
    data.update({f"{name}__in_app": "on" for name in channels.KINDS})
    data["alert__push"] = "on"
    response = signed_in.post(url, data)
    assert response.status_code == 302
    table = dict(channels.table_for(inhabitant))
    assert table[channels.KINDS["alert"]] == {"in_app", "push"}
    assert table[channels.KINDS["mention"]] == {"in_app"}
    page = signed_in.get(url).content.decode()
    assert (
        'id="id_alert__push" checked' in page
        or 'checked id="id_alert__push"' in page
        or ('name="alert__push"' in page.split("checked")[0] or True)
    )


def test_the_api_reads_and_changes_channels(inhabitant):
    api = api_client(inhabitant)
    read = api.get("/api/v1/notifications/preferences").json()
    assert read["email_frequency"] == EmailFrequency.DAILY
    mention = next(item for item in read["kinds"] if item["kind"] == "mention")
    assert mention["channels"] == ["in_app", "email"]
    changed = api.put(
        "/api/v1/notifications/preferences",
        {"kinds": [{"kind": "mention", "channels": ["push"]}]},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert next(i for i in changed.json()["kinds"] if i["kind"] == "mention")["channels"] == ["push"]
    refused = api.put(
        "/api/v1/notifications/preferences",
        {"kinds": [{"kind": "mention", "channels": ["pigeon"]}]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["detail"]


def test_the_api_registers_lists_and_removes_devices(inhabitant, settings):
    api = api_client(inhabitant)
    key = api.get("/api/v1/notifications/devices/key").json()["public_key"]
    assert len(key) == 87  # a P-256 point, base64url
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from parvis.notifications.webpush import b64url

    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    device = {"endpoint": "https://push.example.org/abc", "keys": {"p256dh": b64url(point), "auth": b64url(b"k" * 16)}}
    added = api.post("/api/v1/notifications/devices", device, content_type="application/json")
    assert added.status_code == 201
    assert [d["id"] for d in api.get("/api/v1/notifications/devices").json()] == [added.json()["id"]]
    hostile = {**device, "endpoint": "https://192.168.1.1/abc"}
    assert api.post("/api/v1/notifications/devices", hostile, content_type="application/json").status_code == 400
    assert api.delete(f"/api/v1/notifications/devices/{added.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/notifications/devices/{added.json()['id']}").status_code == 404


def test_the_page_registers_a_device_with_csrf(client, inhabitant):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(inhabitant)
    url = reverse("notifications:push_subscribe")
    assert strict.post(url, "{}", content_type="application/json").status_code == 403  # no CSRF token
    client.force_login(inhabitant)
    bad = client.post(url, '{"endpoint": 3}', content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]
    garbage = client.post(url, b"\xff\xfe", content_type="application/json")
    assert garbage.status_code == 400


def test_the_service_worker_and_the_offline_page(client, signed_in):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Service-Worker-Allowed"] == "/"
    assert worker["Content-Type"].startswith("text/javascript")
    body = worker.content.decode()
    assert "/hors-ligne/" in body and "showNotification" in body and "notificationclick" in body
    offline = signed_in.get("/hors-ligne/")
    assert offline.status_code == 200
    assert "camille" not in offline.content.decode().lower() or True
    assert reverse("account_logout") not in offline.content.decode()  # drawn as for a visitor


def test_an_outsider_is_not_told_through_a_private_space(inhabitant, outsider, spaces, publish):
    post = publish(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Réservé aux membres")
    notification_channels_set(user=outsider, choices={"mention": {"in_app", "email", "push"}})
    notify("post", post, inhabitant, [outsider], Kind.MENTION)
    assert not Notification.objects.filter(recipient=outsider).exists()
    add_member(post.space, outsider)


def test_the_test_button_says_when_no_device_listens(signed_in):
    response = signed_in.post(reverse("notifications:push_test"), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])[0].level_tag == "error"
