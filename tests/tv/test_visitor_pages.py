"""The web TV's pages a visitor sees are kept whole like the other public pages (parvis/core/pagecache.py); the
player's policy (hls.js plays from a blob: MediaSource) comes with the kept page too, and a members-only video is
never kept nor shown to a visitor."""

import pytest
from django.test import Client

from parvis.tv.programmes import playlist_create


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30


def test_the_tv_pages_are_kept_for_visitors_with_the_players_policy(
    client, inhabitant, channel, clip2, publish, django_assert_num_queries
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Le marché de Noël")
    playlist = playlist_create(actor=inhabitant, channel=channel, title="Les fêtes")
    for path in ("/tv/", channel.get_absolute_url(), video.get_absolute_url(), playlist.get_absolute_url()):
        first = client.get(path)
        assert first.status_code == 200 and first.has_header("ETag"), path
        with django_assert_num_queries(1):  # the generation of the kept pages
            again = client.get(path)
        assert again.content == first.content, path
        assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304, path
    kept = client.get(video.get_absolute_url())
    assert "media-src 'self' blob:" in kept["Content-Security-Policy"]


def test_a_members_only_video_is_not_shown_to_a_visitor_even_after_a_member_saw_it(inhabitant, channel, clip2, publish):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Réunion du bureau", visibility="members")
    member = Client()
    member.force_login(inhabitant)
    assert member.get(video.get_absolute_url()).status_code == 200
    assert Client().get(video.get_absolute_url()).status_code == 404
    assert "Réunion du bureau" not in Client().get(channel.get_absolute_url()).content.decode()
