"""Bad files get a clear sentence in French, never a 500, and lose nothing already saved: a text file named .mp4, an
empty file, a file over the channel's size, a clip over its duration, an upload cut short, a broken MP4."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.core.media import private_storage
from parvis.tv.models import State, Video
from parvis.tv.services import upload_path


@pytest.fixture(autouse=True)
def french(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def ready(inhabitant, channel, publish, clip2):
    """A video already published on the channel: nothing below may touch it."""
    return publish(author=inhabitant, channel=channel, data=clip2, title="Déjà en ligne")


def start(client, channel, size, title="Nouvelle vidéo"):
    return client.post(
        f"/tv/chaines/{channel.pk}/envoyer/",
        {"title": title, "visibility": "public", "size": size},
        headers={"Accept": "application/json", "Accept-Language": "fr"},
    )


def send_whole(client, url, data: bytes):
    return client.put(
        url,
        data,
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}", "Accept-Language": "fr"},
    )


def still_whole(video):
    video.refresh_from_db()
    assert video.state == State.READY
    assert private_storage().exists(f"tv/{video.key}/media/master.m3u8")
    assert private_storage().exists(video.poster.name)


@pytest.mark.django_db
def test_a_text_file_named_mp4_is_refused_by_its_content(client, inhabitant, channel, ready):
    client.force_login(inhabitant)
    text = b"Ceci n'est pas une video.\n" * 40
    url = start(client, channel, len(text)).json()["upload_url"]
    answer = send_whole(client, url, text)
    assert answer.status_code == 400
    assert "n'est pas une vidéo que nous savons lire" in answer.json()["detail"]
    video = Video.objects.get(title="Nouvelle vidéo")
    assert video.state == State.FAILED and "MP4" in video.failure
    assert not upload_path(video).exists()  # the refused bytes are not kept
    still_whole(ready)


@pytest.mark.django_db
def test_an_empty_file_is_refused_before_anything_is_saved(client, inhabitant, channel, ready):
    client.force_login(inhabitant)
    answer = start(client, channel, 0)
    assert answer.status_code == 400 and "Le fichier est vide" in str(answer.json()["errors"])
    # Without JavaScript: the form comes back with the sentence next to the file.
    page = client.post(
        f"/tv/chaines/{channel.pk}/envoyer/",
        {"title": "Vide", "visibility": "public", "file": SimpleUploadedFile("vide.mp4", b"", "video/mp4")},
        headers={"Accept-Language": "fr"},
    )
    assert page.status_code == 200
    assert Video.objects.count() == 1
    still_whole(ready)


@pytest.mark.django_db
def test_a_file_over_the_channels_size_is_refused_with_the_limit(client, inhabitant, channel, ready):
    channel.max_bytes = 5_000_000
    channel.save()
    client.force_login(inhabitant)
    answer = start(client, channel, 50_000_000)
    assert answer.status_code == 400
    assert "Le fichier est trop lourd (50 Mo) ; cette chaîne accepte au plus 5.0 Mo." in str(answer.json()["errors"])
    assert Video.objects.count() == 1


@pytest.mark.django_db
def test_a_clip_over_the_channels_duration_is_refused_with_its_length(client, inhabitant, channel, ready, clip20):
    channel.max_seconds = 10
    channel.save()
    client.force_login(inhabitant)
    url = start(client, channel, len(clip20)).json()["upload_url"]
    answer = send_whole(client, url, clip20)
    assert answer.status_code == 400
    assert (
        "La vidéo dure 20 secondes ; cette chaîne accepte des vidéos d'au plus 10 secondes." in answer.json()["detail"]
    )
    still_whole(ready)


@pytest.mark.django_db
def test_a_broken_mp4_is_refused(client, inhabitant, channel, ready, clip20):
    """The first half of a phone's MP4 (its index comes last): the file announced whole, but it is not a video."""
    client.force_login(inhabitant)
    half = clip20[: len(clip20) // 2]
    url = start(client, channel, len(half)).json()["upload_url"]
    answer = send_whole(client, url, half)
    assert answer.status_code == 400 and "incomplète" in answer.json()["detail"]
    still_whole(ready)


@pytest.mark.django_db
def test_a_piece_cut_short_keeps_what_arrived_and_says_where_to_go_on(client, inhabitant, channel, clip2):
    client.force_login(inhabitant)
    url = start(client, channel, len(clip2)).json()["upload_url"]
    client.put(
        url,
        clip2[:1000],
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes 0-999/{len(clip2)}"},
    )
    cut = client.put(
        url,
        clip2[1000:1500],
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes 1000-4999/{len(clip2)}", "Accept-Language": "fr"},
    )
    assert cut.status_code == 400
    assert cut.json()["detail"] == "Le morceau est arrivé incomplet (500 octets sur 4000) : envoyez-le de nouveau."
    assert cut.json()["received"] == 1000
    video = Video.objects.get()
    assert video.state == State.UPLOADING and upload_path(video).stat().st_size == 1000


@pytest.mark.django_db
def test_pieces_of_another_person_or_without_range_are_refused(client, inhabitant, neighbour, channel, clip2):
    client.force_login(inhabitant)
    url = start(client, channel, len(clip2)).json()["upload_url"]
    assert client.put(url, b"x", content_type="application/octet-stream").status_code == 400
    client.force_login(neighbour)  # a member of the space, not the uploader: the upload is not theirs to see
    assert send_whole(client, url, clip2).status_code == 404
