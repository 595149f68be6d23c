"""Captions: a WebVTT file per language, checked when uploaded, given to the player as <track> and read below the
video as a transcript."""

import pytest

from parvis.tv.captions import parse
from parvis.tv.models import Caption

from .conftest import CAPTIONS_FR, vtt_upload


@pytest.fixture
def video(channel, inhabitant, publish, clip2):
    return publish(author=inhabitant, channel=channel, data=clip2, title="Le budget")


@pytest.mark.django_db
def test_captions_become_a_track_and_a_transcript(client, inhabitant, neighbour, video):
    client.force_login(inhabitant)
    response = client.post(f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": vtt_upload()})
    assert response.status_code == 302
    client.force_login(neighbour)
    page = client.get(f"/tv/videos/{video.pk}/").content.decode()
    assert (
        f'<track kind="captions" srclang="fr" label="Français" src="/tv/fichiers/{video.key}/captions/fr.vtt"' in page
    )
    assert "Nous commençons par le budget." in page  # the transcript, its voice tag removed
    assert "&lt;v Maire&gt;" not in page and "<v Maire>" not in page
    served = client.get(f"/tv/fichiers/{video.key}/captions/fr.vtt")
    assert served["Content-Type"].startswith("text/vtt")
    assert b"".join(served.streaming_content).decode() == CAPTIONS_FR


@pytest.mark.django_db
def test_a_new_file_replaces_the_languages_captions(client, inhabitant, video):
    client.force_login(inhabitant)
    client.post(f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": vtt_upload()})
    second = "WEBVTT\n\n00:01.000 --> 00:02.000\nVersion corrigée.\n"
    client.post(f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": vtt_upload(second)})
    assert Caption.objects.filter(video=video).count() == 1
    assert "Version corrigée." in client.get(f"/tv/videos/{video.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, sentence",
    [
        ("Bonjour tout le monde", "il doit commencer par le mot WEBVTT"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nFlèche courte\n", "ne se lisent pas à la ligne 3"),
        ("WEBVTT\n\n00:05.000 --> 00:02.000\nÀ l'envers\n", "ne se lisent pas à la ligne 3"),
        ("WEBVTT\n", "ne contient aucun sous-titre"),
    ],
)
def test_a_file_that_is_not_webvtt_is_refused_with_a_sentence(client, inhabitant, video, settings, text, sentence):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(inhabitant)
    response = client.post(
        f"/tv/videos/{video.pk}/sous-titres/",
        {"language": "fr", "file": vtt_upload(text)},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 200 and sentence in response.content.decode()
    assert not Caption.objects.exists()


@pytest.mark.django_db
def test_a_captions_file_in_another_encoding_or_too_large_is_refused(client, inhabitant, video):
    client.force_login(inhabitant)
    latin = vtt_upload().__class__("fr.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nÉté\n".encode("latin-1"))
    assert client.post(f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": latin}).status_code == 200
    huge = vtt_upload("WEBVTT\n\n" + "00:01.000 --> 00:02.000\nbla\n\n" * 30000)
    assert client.post(f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": huge}).status_code == 200
    assert not Caption.objects.exists()


@pytest.mark.django_db
def test_only_the_uploader_and_moderators_edit_captions(client, neighbour, video):
    client.force_login(neighbour)
    assert client.get(f"/tv/videos/{video.pk}/sous-titres/").status_code == 404


def test_the_parser_reads_hours_identifiers_and_notes():
    cues = parse("WEBVTT - conseil\n\nNOTE relu\n\nintro\n01:00:00.000 --> 01:00:02.500 align:start\nFin\n")
    assert [(cue.start, cue.end, cue.text) for cue in cues] == [(3600.0, 3602.5, "Fin")]
