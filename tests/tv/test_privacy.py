"""Who watches what: members-only videos reach the space's members only, unlisted ones are never listed and open
only with their link, and the files (playlists, segments, MP4, poster, captions) follow the same rule."""

import pytest

from parvis.spaces.services.memberships import space_leave
from parvis.tv.services import caption_set, channel_create

from .conftest import vtt_upload

FILES = ("master.m3u8", "360/index.m3u8", "video.mp4", "poster.jpg", "thumbnail.jpg", "captions/fr.vtt")


def files_answered(client, video) -> dict[str, int]:
    names = [name if not name.startswith("360") else f"{video.renditions[0]}/index.m3u8" for name in FILES]
    return {name: client.get(f"/tv/fichiers/{video.key}/{name}").status_code for name in names}


@pytest.fixture
def members_video(channel, inhabitant, publish, clip2):
    """A members-only video of the public group (the neighbour is a member), with French captions."""
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Réunion interne", visibility="members")
    caption_set(actor=inhabitant, video=video, language="fr", upload=vtt_upload())
    return video


@pytest.mark.django_db
def test_a_members_only_video_reaches_members_only(client, neighbour, outsider, members_video, spaces):
    video = members_video
    client.force_login(neighbour)
    assert client.get(f"/tv/videos/{video.pk}/").status_code == 200
    assert set(files_answered(client, video).values()) == {200}
    assert "Réunion interne" in client.get(f"/tv/chaines/{video.channel_id}/").content.decode()
    for reader in (None, outsider):
        client.logout()
        if reader:
            client.force_login(reader)
        assert client.get(f"/tv/videos/{video.pk}/").status_code == 404
        assert set(files_answered(client, video).values()) == {404}
        assert "Réunion interne" not in client.get("/tv/").content.decode()
        assert "Réunion interne" not in client.get(f"/tv/chaines/{video.channel_id}/").content.decode()
        assert "Réunion interne" not in client.get("/recherche/?q=R%C3%A9union").content.decode()
    # A member who leaves loses it at once, files included.
    space_leave(user=neighbour, space=spaces["public"])
    client.force_login(neighbour)
    assert client.get(f"/tv/videos/{video.pk}/").status_code == 404
    assert set(files_answered(client, video).values()) == {404}


@pytest.mark.django_db
def test_an_unlisted_video_opens_with_its_link_only_and_is_never_listed(
    client, inhabitant, neighbour, channel, publish, clip2
):
    video = publish(
        author=inhabitant, channel=channel, data=clip2, title="Répétition de la fanfare", visibility="unlisted"
    )
    client.force_login(neighbour)  # a member of the space, without the link
    assert client.get(f"/tv/videos/{video.pk}/").status_code == 404
    assert client.get(f"/tv/videos/{video.pk}/?cle=mauvaise").status_code == 404
    page = client.get(video.get_absolute_url())
    assert page.status_code == 200 and "Répétition de la fanfare" in page.content.decode()
    for path in ("/tv/", f"/tv/chaines/{channel.pk}/", "/recherche/?q=fanfare", "/api/v1/search/?q=fanfare"):
        assert "Répétition" not in client.get(path).content.decode(), path  # (search pages repeat the query)


@pytest.mark.django_db
def test_videos_of_a_members_only_space_stay_inside(client, spaces, inhabitant, outsider, publish, clip2):
    channel = channel_create(actor=inhabitant, space=spaces["members"], name="Chaîne du groupe")
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Sortie au lavoir")
    client.force_login(outsider)
    assert client.get(f"/tv/chaines/{channel.pk}/").status_code == 404
    assert client.get(f"/tv/videos/{video.pk}/").status_code == 404
    assert set(files_answered(client, video).values()) == {404}
    client.force_login(inhabitant)
    assert client.get(f"/tv/videos/{video.pk}/").status_code == 200


@pytest.mark.django_db
def test_only_the_served_names_are_served(client, inhabitant, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2)
    client.force_login(inhabitant)
    for name in ("../1/media/video.mp4", "source", "media/video.mp4", "captions/../video.mp4"):
        assert client.get(f"/tv/fichiers/{video.key}/{name}").status_code == 404


@pytest.mark.django_db
def test_lists_read_in_a_fixed_number_of_queries(
    client, inhabitant, channel, publish, clip2, django_assert_max_num_queries
):
    from parvis.tv.models import Video

    first = publish(author=inhabitant, channel=channel, data=clip2)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(25) as one:
        client.get("/tv/")
    # 19 more rows: copies of the ready one (the list reads rows, not files).
    for number in range(19):
        first.pk, first.key = None, f"copie{number}"
        first.save()
    assert Video.objects.count() == 20
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/tv/")
    # The channel page reads its programmes and playlists (with their counts) besides.
    with django_assert_max_num_queries(len(one.captured_queries) + 5):
        client.get(f"/tv/chaines/{channel.pk}/")


@pytest.mark.django_db
def test_only_a_public_video_may_be_framed_by_another_website(
    client, neighbour, channel, members_video, publish, clip2
):
    public = publish(author=members_video.author, channel=channel, data=clip2, title="Fête de la musique")
    framed = client.get(f"/tv/videos/{public.pk}/integrer/")
    assert framed.status_code == 200 and "frame-ancestors *" in framed["Content-Security-Policy"]
    assert "X-Frame-Options" not in framed
    client.force_login(neighbour)  # a member: still not framed, whoever's session the other site's page carries
    assert client.get(f"/tv/videos/{members_video.pk}/integrer/").status_code == 404
    assert f"/tv/videos/{public.pk}/integrer/" in client.get(public.get_absolute_url()).content.decode()
    assert "integrer" not in client.get(members_video.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_video_smaller_than_the_lowest_rendition_is_served_whole(client, inhabitant, channel, publish):
    """A 90-pixel-high source gets one 90-pixel rendition (never enlarged): its playlist and segments are served
    like any other's."""
    from tests.factories import video_clip

    video = publish(author=inhabitant, channel=channel, data=video_clip(seconds=1, size="160x90"))
    assert video.renditions == [90]
    for name in ("master.m3u8", "90/index.m3u8", "90/seg_0000.ts"):
        assert client.get(f"/tv/fichiers/{video.key}/{name}").status_code == 200, name
