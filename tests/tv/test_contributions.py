"""A channel speaks for its space: its officers send its videos. They may open it to the space's members (the
residents filming their neighbourhood's festival): members then send videos, follow their own uploads and edit or
delete what they sent; the programmes, playlists and the switch stay the officers'. The switch is in the audit log."""

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied

from parvis.core.audit import AuditEntry
from parvis.core.permissions import can
from parvis.spaces.models import Membership
from parvis.tv.models import ChannelVerb, State, Video
from parvis.tv.services import channel_create, channel_open_to_members, video_start


@pytest.mark.django_db
def test_a_member_sends_a_video_once_the_officers_open_the_channel(client, inhabitant, neighbour, channel, clip2):
    client.force_login(neighbour)  # a member of the space, not an officer
    upload_url = f"/tv/chaines/{channel.pk}/envoyer/"
    assert client.get(upload_url).status_code == 403
    assert "Envoyer une vidéo" not in client.get(channel.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with pytest.raises(PermissionDenied):
        video_start(author=neighbour, channel=channel, title="La fête", visibility="public", size=10)

    client.force_login(inhabitant)
    response = client.post(f"/tv/chaines/{channel.pk}/membres/", {"members_may_publish": "on"}, follow=True)
    assert "Les membres de l'espace peuvent maintenant envoyer" in unescape(response.content.decode())
    entry = AuditEntry.objects.get(verb=ChannelVerb.OPENED)
    assert (entry.actor, entry.object_id, entry.space_id) == (inhabitant, channel.pk, channel.space_id)

    client.force_login(neighbour)
    assert client.get(upload_url).status_code == 200
    answer = client.post(
        upload_url,
        {"title": "La fête du quartier", "visibility": "public", "size": len(clip2)},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 201, answer.content
    video = Video.objects.get(pk=answer.json()["id"])
    assert video.author == neighbour and video.state == State.UPLOADING
    # Theirs to follow, correct and delete; the channel's programmes and the switch are not theirs.
    assert client.get(f"/tv/videos/{video.pk}/etat/").status_code == 200
    assert can(neighbour, "video.edit", video) and not can(neighbour, "tv.manage", channel)
    assert client.get(f"/tv/chaines/{channel.pk}/nouveau-programme/").status_code == 403
    assert client.post(f"/tv/chaines/{channel.pk}/membres/", {"members_may_publish": "off"}).status_code == 403
    channel.refresh_from_db()
    assert channel.members_may_publish


@pytest.mark.django_db
def test_a_member_follows_only_their_own_uploads(client, inhabitant, neighbour, channel):
    channel_open_to_members(actor=inhabitant, channel=channel, open_to_members=True)
    video_start(author=inhabitant, channel=channel, title="Le budget en préparation", visibility="public", size=10)
    video_start(author=neighbour, channel=channel, title="Ma vidéo de la brocante", visibility="public", size=10)
    client.force_login(neighbour)
    page = client.get(channel.get_absolute_url()).content.decode()
    assert "Ma vidéo de la brocante" in page and "Le budget en préparation" not in page
    client.force_login(inhabitant)
    page = client.get(channel.get_absolute_url()).content.decode()
    assert "Ma vidéo de la brocante" in page and "Le budget en préparation" in page


@pytest.mark.django_db
def test_outsiders_never_send_and_closing_stops_the_members(client, inhabitant, neighbour, outsider, channel):
    channel_open_to_members(actor=inhabitant, channel=channel, open_to_members=True)
    assert not can(outsider, "tv.publish", channel)  # reads the public space, is not a member
    client.force_login(outsider)
    assert client.get(f"/tv/chaines/{channel.pk}/envoyer/").status_code == 403
    assert can(neighbour, "tv.publish", channel)

    channel_open_to_members(actor=inhabitant, channel=channel, open_to_members=False)
    assert not can(neighbour, "tv.publish", channel)
    assert AuditEntry.objects.filter(verb=ChannelVerb.CLOSED).count() == 1
    # Asked twice, the switch writes once.
    channel_open_to_members(actor=inhabitant, channel=channel, open_to_members=False)
    assert AuditEntry.objects.filter(verb=ChannelVerb.CLOSED).count() == 1


@pytest.mark.django_db
def test_opening_one_channel_opens_no_other(inhabitant, neighbour, officer_space, channel):
    other = channel_create(actor=inhabitant, space=officer_space, name="Les séances")
    channel_open_to_members(actor=inhabitant, channel=channel, open_to_members=True)
    assert can(neighbour, "tv.publish", channel) and not can(neighbour, "tv.publish", other)
    # Nor a space: the role is held on the channel.
    assert not can(neighbour, "tv.channel_create", officer_space)


@pytest.mark.django_db
def test_a_member_who_leaves_sends_no_more(inhabitant, neighbour, officer_space):
    opened = channel_create(actor=inhabitant, space=officer_space, name="Nos fêtes", members_may_publish=True)
    assert can(neighbour, "tv.publish", opened)
    Membership.objects.filter(space=officer_space, user=neighbour).delete()
    assert not can(type(neighbour).objects.get(pk=neighbour.pk), "tv.publish", opened)


@pytest.mark.django_db
def test_a_bad_switch_value_says_what_to_do(client, inhabitant, channel):
    client.force_login(inhabitant)
    client.raise_request_exception = False
    for value in ("", "yes", "Bon\x00jour", "x" * 10_000):
        response = client.post(
            f"/tv/chaines/{channel.pk}/membres/", {"members_may_publish": value}, follow=True, HTTP_ACCEPT_LANGUAGE="fr"
        )
        assert response.status_code == 200 and "message--error" in response.content.decode(), value
    channel.refresh_from_db()
    assert not channel.members_may_publish


@pytest.mark.django_db
def test_the_channel_form_opens_it_to_the_members(client, inhabitant, neighbour, officer_space):
    client.force_login(inhabitant)
    response = client.post(
        f"/espaces/{officer_space.slug}/nouvelle-chaine/", {"name": "Quartier TV", "members_may_publish": "on"}
    )
    assert response.status_code == 302
    assert can(neighbour, "tv.publish", officer_space.channels.get(name="Quartier TV"))
