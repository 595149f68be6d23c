"""ffmpeg reads only the uploaded file: a file that would make it read another one (an HLS playlist or a
concatenation list naming a video elsewhere on the server, an address on the network) is refused as not a video, with
the uploader's sentence, and nothing of the named file is ever produced. The uploader follows each state: queued,
x % done, ready, failed with its reason."""

from html import unescape

import pytest

from parvis.tv import ffmpeg
from parvis.tv.models import State, Video
from parvis.tv.services import Refused, upload_path, video_receive, video_start


@pytest.fixture(autouse=True)
def french(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def elsewhere(tmp_path, clip2):
    """A real video on the server's disk, outside the upload's folder: what a hostile file would name."""
    path = tmp_path / "secret.mp4"
    path.write_bytes(clip2)
    return path


def hostile_files(path) -> dict[str, bytes]:
    return {
        "hls playlist": f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile://{path}\n#EXT-X-ENDLIST\n".encode(),
        "concat list": f"ffconcat version 1.0\nfile '{path}'\n".encode(),
        "network address": b"#EXTM3U\n#EXTINF:2.0,\nhttp://127.0.0.1:9/stolen.ts\n#EXT-X-ENDLIST\n",
        "subfile": f"subfile,,start,0,end,0,,:{path}".encode(),
    }


def test_the_probe_itself_refuses_what_names_another_file(tmp_path, elsewhere):
    assert ffmpeg.probe(elsewhere).duration > 1  # the file named is a video ffmpeg reads: only the way is refused
    for name, data in hostile_files(elsewhere).items():
        upload = tmp_path / "upload.mp4"
        upload.write_bytes(data)
        with pytest.raises(ffmpeg.ProbeError):
            ffmpeg.probe(upload)
        assert not list(tmp_path.glob("*.ts")), name


@pytest.mark.django_db
def test_an_upload_naming_another_file_fails_with_the_uploaders_sentence(
    inhabitant, channel, elsewhere, django_capture_on_commit_callbacks
):
    for name, data in hostile_files(elsewhere).items():
        video = video_start(author=inhabitant, channel=channel, title=name, visibility="public", size=len(data))
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused) as refused:
            video_receive(actor=inhabitant, video=video, start=0, total=len(data), chunk=data)
        assert "n'est pas une vidéo que nous savons lire" in refused.value.messages[0], name
        video.refresh_from_db()
        assert video.state == State.FAILED and not upload_path(video).exists(), name
    assert not Video.objects.filter(state=State.READY).exists()


@pytest.mark.django_db
def test_the_uploader_reads_each_state_of_the_video(client, inhabitant, channel, clip2):
    video = video_start(author=inhabitant, channel=channel, title="Le marché", visibility="public", size=len(clip2))
    client.force_login(inhabitant)
    url = f"/tv/videos/{video.pk}/etat/"
    video_receive(actor=inhabitant, video=video, start=0, total=len(clip2), chunk=clip2[:100])
    assert "Envoi en cours : 100 octets reçus sur" in unescape(client.get(url).content.decode())
    for state, progress, words in (
        (State.QUEUED, 0, "En attente de préparation"),
        (State.PROCESSING, 42, "42 % effectués"),
    ):
        Video.objects.filter(pk=video.pk).update(state=state, progress=progress)
        page = client.get(url).content.decode()
        assert words.lower() in page.lower(), (state, page)
        assert 'http-equiv="refresh"' in page  # it refreshes by itself while it is prepared
    Video.objects.filter(pk=video.pk).update(state=State.FAILED, failure="La vidéo n'a pas pu être préparée.")
    page = client.get(url).content.decode()
    assert 'role="alert"' in page and "La vidéo n&#x27;a pas pu être préparée." in page
    assert "La préparer de nouveau" in page  # the uploader tries again from here
