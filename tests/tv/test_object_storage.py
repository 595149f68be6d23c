"""On S3-compatible object storage (a real S3 server on this machine, moto's), a video plays as on the filesystem:
the playlists come from the site itself, behind the visibility rule, so that the renditions and segments they name
are asked of the site too (a playlist sent by a redirect would have the player ask the bucket for them, unsigned,
and the private bucket refuse); each segment, the MP4, the poster and the captions are then a redirect to a signed
URL that expires. A reader the rule refuses gets a 404 for every file, never a signed URL."""

import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from parvis.core.storage_settings import storages_from
from parvis.tv.services import caption_set
from tests.s3 import LocalS3
from tests.tv.conftest import vtt_upload


@pytest.fixture(scope="module")
def local_s3():
    server = LocalS3().start()
    yield server
    server.stop()


@pytest.fixture
def on_s3(settings, tmp_path, local_s3):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PARVIS_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = storages_from(local_s3.environment())


def signed(location: str) -> bytes:
    query = parse_qs(urlsplit(location).query)
    assert "Signature" in location and ("Expires" in query or "X-Amz-Expires" in query), location
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(location, timeout=10) as answer:
        return answer.read()


@pytest.mark.django_db
def test_a_video_on_object_storage_plays_through_the_site(on_s3, client, inhabitant, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2)
    caption_set(actor=inhabitant, video=video, language="fr", upload=vtt_upload())
    base = f"/tv/fichiers/{video.key}/"
    master = client.get(base + "master.m3u8")
    assert master.status_code == 200 and master["Content-Type"] == "application/vnd.apple.mpegurl"
    rendition = re.search(r"^(\d+/index\.m3u8)$", master.content.decode(), re.MULTILINE).group(1)
    playlist = client.get(base + rendition)
    assert playlist.status_code == 200
    segments = re.findall(r"^(seg_\d{4}\.ts)$", playlist.content.decode(), re.MULTILINE)
    assert segments
    # The segment, named relative to the rendition's playlist, is asked of the site, which sends it to the bucket.
    segment = client.get(base + rendition.rsplit("/", 1)[0] + "/" + segments[0])
    assert segment.status_code == 302
    assert signed(segment["Location"])[:1] == b"\x47"  # an MPEG-TS packet starts with its sync byte
    for name in ("video.mp4", "poster.jpg", "captions/fr.vtt"):
        answer = client.get(base + name)
        assert answer.status_code == 302 and signed(answer["Location"]), name


@pytest.mark.django_db
def test_a_members_only_video_on_object_storage_gives_outsiders_no_signed_url(
    on_s3, client, inhabitant, outsider, channel, publish, clip2
):
    video = publish(author=inhabitant, channel=channel, data=clip2, visibility="members")
    client.force_login(outsider)
    base = f"/tv/fichiers/{video.key}/"
    for name in ("master.m3u8", "360/index.m3u8", "108/index.m3u8", "108/seg_0000.ts", "video.mp4", "poster.jpg"):
        answer = client.get(base + name)
        assert answer.status_code == 404 and "Location" not in answer, name


def test_pages_allow_the_buckets_origin_for_pictures_and_videos_and_a_site_without_s3_allows_none(
    settings, tmp_path, local_s3, client, db
):
    """A browser holds a redirect's target to the page's policy: the signed address of a video piece or a picture
    on the bucket must be allowed, or the player and the images stay empty."""
    without = client.get("/tv/")["Content-Security-Policy"]
    assert local_s3.endpoint not in without
    settings.STORAGES = storages_from(local_s3.environment())
    policy = dict(
        part.strip().split(" ", 1) for part in client.get("/tv/")["Content-Security-Policy"].split(";") if part.strip()
    )
    for directive in ("img-src", "media-src", "connect-src"):
        assert local_s3.endpoint in policy[directive].split(), directive
    assert local_s3.endpoint not in policy["script-src"] and local_s3.endpoint not in policy["default-src"]
