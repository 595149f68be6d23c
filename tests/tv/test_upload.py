"""Sending a video in pieces over HTTP, as `upload.js` does, with a lost connection in the middle; the transcoder
then makes HLS that ffmpeg plays, an MP4, a poster and a thumbnail, without the phone's metadata."""

import json
import subprocess

import pytest
from PIL import Image

from parvis.core.media import private_storage
from parvis.tv import ffmpeg
from parvis.tv.models import State, Video

PIECE = 256 * 1024


def put(client, url, data: bytes, start: int, total: int, *, claimed_end: int | None = None):
    end = claimed_end if claimed_end is not None else start + len(data) - 1
    return client.put(
        url,
        data,
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {start}-{end}/{total}", "Accept": "application/json"},
    )


@pytest.mark.django_db(transaction=False)
def test_a_clip_sent_in_pieces_and_resumed_becomes_playable_hls(
    client, inhabitant, channel, clip20, django_capture_on_commit_callbacks
):
    client.force_login(inhabitant)
    total = len(clip20)
    answer = client.post(
        f"/tv/chaines/{channel.pk}/envoyer/",
        {"title": "Conseil municipal du 3 mars", "visibility": "public", "size": total},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 201, answer.content
    url = answer.json()["upload_url"]

    assert put(client, url, clip20[:PIECE], 0, total).json()["received"] == PIECE
    # The connection drops in the middle of the second piece: the server gets less than announced, keeps nothing.
    cut = put(client, url, clip20[PIECE : PIECE + 1000], PIECE, total, claimed_end=2 * PIECE - 1)
    assert cut.status_code == 400 and "incomplet" in cut.json()["detail"]
    # The client asks how much arrived, and goes on from there.
    assert client.get(url, headers={"Accept": "application/json"}).json()["received"] == PIECE
    # A piece sent out of step (the client's memory was wrong) is answered with where to go on.
    ahead = put(client, url, clip20[2 * PIECE : 3 * PIECE], 2 * PIECE, total)
    assert ahead.status_code == 409 and ahead.json()["received"] == PIECE
    start = PIECE
    while start < total:
        with django_capture_on_commit_callbacks(execute=True):
            response = put(client, url, clip20[start : start + PIECE], start, total)
        assert response.status_code == 200, response.content
        start = response.json()["received"]

    video = Video.objects.get()
    assert video.state == State.READY, video.failure
    assert video.progress == 100 and video.renditions == [360]
    assert 19.5 < video.duration < 20.5

    master = client.get(f"/tv/fichiers/{video.key}/master.m3u8")
    assert master.status_code == 200 and master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert b"360/index.m3u8" in master.content
    # The playlist plays: ffmpeg decodes every segment it names, for the whole duration.
    playlist = private_storage().path(f"tv/{video.key}/media/360/index.m3u8")
    played = subprocess.run(
        [ffmpeg.executable(), "-hide_banner", "-nostdin", "-i", playlist, "-f", "null", "-"],
        capture_output=True,
        timeout=120,
    )
    assert played.returncode == 0
    times = ffmpeg.TIME.findall(played.stderr.decode())
    assert 19 < ffmpeg._seconds(*times[-1]) <= 20.5
    # Nothing of the source's metadata (title, place) is left in what is served.
    mp4 = private_storage().path(f"tv/{video.key}/media/video.mp4")
    described = subprocess.run([ffmpeg.executable(), "-hide_banner", "-i", mp4], capture_output=True, timeout=60)
    assert b"Rue des Secrets" not in described.stderr
    with open(mp4, "rb") as served:
        assert b"Rue des Secrets" not in served.read()
    with private_storage().open(video.poster.name) as poster:
        assert Image.open(poster).format == "JPEG"
    # The page plays it: HLS for hls.js and Safari, the MP4 for the rest, the poster.
    page = client.get(f"/tv/videos/{video.pk}/").content.decode()
    assert f"/tv/fichiers/{video.key}/master.m3u8" in page and f"/tv/fichiers/{video.key}/video.mp4" in page
    assert "vendor/hls/hls.min.js" in page and "<video controls" in page


@pytest.mark.django_db
def test_the_mp4_is_served_in_byte_ranges_for_seeking(client, inhabitant, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2)
    url = f"/tv/fichiers/{video.key}/video.mp4"
    whole = b"".join(client.get(url).streaming_content)
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert b"".join(part.streaming_content) == whole[100:200]
    assert client.get(url, headers={"Range": f"bytes={len(whole) + 5}-"}).status_code == 416


@pytest.mark.django_db
def test_the_uploader_follows_the_state_of_the_video(client, inhabitant, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2)
    client.force_login(inhabitant)
    state = json.loads(client.get(f"/tv/videos/{video.pk}/etat/", headers={"Accept": "application/json"}).content)
    assert state["state"] == "ready" and state["progress"] == 100


@pytest.mark.django_db
def test_without_javascript_the_file_comes_whole_in_the_form(
    client, inhabitant, channel, clip2, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/tv/chaines/{channel.pk}/envoyer/",
            {"title": "Fête", "visibility": "public", "file": SimpleUploadedFile("fete.mp4", clip2, "video/mp4")},
        )
    video = Video.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tv/videos/{video.pk}/etat/"
    assert video.state == State.READY


def test_renditions_follow_the_source_and_never_upscale():
    assert ffmpeg.rendition_heights(1080) == [360, 720, 1080]
    assert ffmpeg.rendition_heights(2160) == [360, 720, 1080]
    assert ffmpeg.rendition_heights(720) == [360, 720]
    assert ffmpeg.rendition_heights(480) == [360]
    assert ffmpeg.rendition_heights(241) == [240]


@pytest.mark.django_db
def test_a_piece_larger_than_form_data_is_taken(client, inhabitant, channel):
    """Pieces are read from the request's stream: Django's cap on form data (10 MB here) does not apply to them."""
    client.force_login(inhabitant)
    total = 30 * 1024 * 1024
    answer = client.post(
        f"/tv/chaines/{channel.pk}/envoyer/",
        {"title": "Long conseil", "visibility": "public", "size": total},
        headers={"Accept": "application/json"},
    )
    url = answer.json()["upload_url"]
    piece = bytes(12 * 1024 * 1024)
    assert put(client, url, piece, 0, total).json()["received"] == len(piece)
    too_big = put(client, url, bytes(17 * 1024 * 1024), len(piece), total)
    assert too_big.status_code == 400 and "16" in too_big.json()["detail"]
