"""A person's videos in their rights: "download all my data" holds each video's description, its poster, its captions
and its MP4 up to PARVIS_EXPORT_VIDEO_MAX_BYTES (a larger one is listed with its page's address); deleting the
account removes the videos with every file, or keeps them signed "Former member", as the person chose."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parvis.accounts.models import User
from parvis.core.media import private_storage
from parvis.spaces.models import Role
from parvis.spaces.services.spaces import space_create
from parvis.tv.models import Caption, Video
from parvis.tv.services import caption_set, channel_create, video_receive, video_start
from parvis.tv.storage import storage_name
from tests.factories import PASSWORD, add_member, video_clip

from .test_export import _ask, _link_in_mail, _zip

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour le quartier.\n"
DELETE = "/profil/mes-donnees/supprimer-mon-compte/"


@pytest.fixture(scope="module")
def clip() -> bytes:
    return video_clip(seconds=1, size="160x90")


@pytest.fixture
def quarter(spaces, inhabitant, neighbour):
    """The neighbour's space, where the inhabitant (an administrator) publishes: it outlives the account."""
    space = space_create(
        creator=neighbour, name="Conseil de quartier", nature="voisinage", territory=spaces["public"].territory
    )
    add_member(space, inhabitant, Role.ADMIN)
    return space


@pytest.fixture
def video(quarter, inhabitant, neighbour, clip, django_capture_on_commit_callbacks):
    channel = channel_create(actor=neighbour, space=quarter, name="Quartier TV")
    with django_capture_on_commit_callbacks(execute=True):
        started = video_start(
            author=inhabitant, channel=channel, title="Réunion publique", visibility="public", size=len(clip)
        )
    with django_capture_on_commit_callbacks(execute=True):
        video_receive(actor=inhabitant, video=started, start=0, total=len(clip), chunk=clip)
    ready = Video.objects.get(pk=started.pk)
    assert ready.state == "ready"
    caption_set(actor=inhabitant, video=ready, language="fr", upload=SimpleUploadedFile("fr.vtt", CAPTIONS.encode()))
    return ready


def _files(video) -> list[str]:
    names = [storage_name(video, name) for name in ("video.mp4", "poster.jpg", "master.m3u8")]
    return names + [caption.file.name for caption in Caption.objects.filter(video=video)]


@pytest.mark.django_db
def test_the_download_holds_the_videos_their_captions_and_their_files(
    signed_in, inhabitant, video, django_capture_on_commit_callbacks
):
    _ask(signed_in, django_capture_on_commit_callbacks)
    archive = _zip(signed_in.get(_link_in_mail(inhabitant)))
    data = json.loads(archive.read("donnees.json"))
    [row] = data["videos"]
    assert row["title"] == "Réunion publique" and row["channel"] == "Quartier TV"
    assert row["page"].endswith(f"/tv/videos/{video.pk}/")
    assert row["mp4_in_this_download"] is True and row["mp4_bytes"] > 0
    assert data["video_captions"] == [
        {"video_id": video.pk, "language": "fr", "created_at": data["video_captions"][0]["created_at"]}
    ]
    names = archive.namelist()
    mp4 = [name for name in names if name.startswith("fichiers/videos/") and name.endswith("video.mp4")]
    assert len(mp4) == 1 and archive.read(mp4[0])[4:8] == b"ftyp"  # an MP4, whole
    assert any(name.endswith("poster.jpg") for name in names)
    [vtt] = [name for name in names if name.endswith("fr.vtt")]
    assert archive.read(vtt).decode() == CAPTIONS


@pytest.mark.django_db
def test_a_video_over_the_limit_is_listed_not_copied(
    signed_in, inhabitant, video, settings, django_capture_on_commit_callbacks
):
    settings.PARVIS_EXPORT_VIDEO_MAX_BYTES = 1000
    _ask(signed_in, django_capture_on_commit_callbacks)
    archive = _zip(signed_in.get(_link_in_mail(inhabitant)))
    [row] = json.loads(archive.read("donnees.json"))["videos"]
    assert row["mp4_in_this_download"] is False and row["mp4_bytes"] > 1000
    assert not any(name.endswith(".mp4") for name in archive.namelist())
    assert any(name.endswith("fr.vtt") for name in archive.namelist())  # the rest is there


def _erase(person, choice, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"contributions": choice, "password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).erased_at is not None


@pytest.mark.django_db
def test_removing_contributions_removes_the_videos_with_every_file(
    inhabitant, video, django_capture_on_commit_callbacks
):
    files = _files(video)
    assert [name for name in files if not private_storage().exists(name)] == []
    _erase(inhabitant, "remove", django_capture_on_commit_callbacks)
    assert not Video.objects.filter(pk=video.pk).exists() and not Caption.objects.exists()
    assert not any(private_storage().exists(name) for name in files)


@pytest.mark.django_db
def test_kept_videos_still_play_with_their_captions(inhabitant, neighbour, video, django_capture_on_commit_callbacks):
    _erase(inhabitant, "keep", django_capture_on_commit_callbacks)
    watcher = Client()
    watcher.force_login(neighbour)
    page = watcher.get(f"/tv/videos/{video.pk}/").content.decode()
    assert "Réunion publique" in page and "Bonjour le quartier." in page
    assert watcher.get(f"/tv/fichiers/{video.key}/video.mp4").status_code == 200
    assert inhabitant.email not in page


@pytest.mark.django_db
def test_a_space_the_person_was_alone_in_goes_with_its_videos_files(
    spaces, inhabitant, clip, django_capture_on_commit_callbacks
):
    alone = spaces["secret"]
    channel = channel_create(actor=inhabitant, space=alone, name="Mes essais")
    with django_capture_on_commit_callbacks(execute=True):
        started = video_start(author=inhabitant, channel=channel, title="Essai", visibility="public", size=len(clip))
    with django_capture_on_commit_callbacks(execute=True):
        video_receive(actor=inhabitant, video=started, start=0, total=len(clip), chunk=clip)
    files = _files(started)
    assert private_storage().exists(files[0])
    _erase(inhabitant, "keep", django_capture_on_commit_callbacks)
    assert not Video.objects.filter(pk=started.pk).exists()
    assert not any(private_storage().exists(name) for name in files)
