"""Captions written and corrected in the page: one track per language, each line at fault named in French, the
stored text cleaned of anything but WebVTT, and the transcript below the player read from the new text."""

from html import unescape

import pytest

from parvis.tv.captions import check_text
from parvis.tv.models import Caption

from .conftest import vtt_upload


@pytest.fixture
def video(channel, inhabitant, publish, clip2):
    return publish(author=inhabitant, channel=channel, data=clip2, title="Le marché")


def _edit(client, video, language, text):
    return client.post(
        f"/tv/videos/{video.pk}/sous-titres/{language}/", {"text": text}, headers={"Accept-Language": "fr"}
    )


def _served(client, video, language) -> str:
    response = client.get(f"/tv/videos/{video.pk}/sous-titres/{language}/")
    assert response.status_code == 200
    return response.context["form"].initial["text"]


@pytest.mark.django_db
def test_a_manager_writes_captions_in_two_languages_and_the_transcript_follows(client, inhabitant, neighbour, video):
    client.force_login(inhabitant)
    french = "WEBVTT\n\n00:00.000 --> 00:01.500\nBonjour le marché.\n"
    assert _edit(client, video, "fr", french).status_code == 302
    english = "WEBVTT\n\n00:00.000 --> 00:01.500\nHello the market.\n"
    assert _edit(client, video, "en", english).status_code == 302
    assert list(Caption.objects.filter(video=video).values_list("language", flat=True)) == ["en", "fr"]
    client.force_login(neighbour)
    page = client.get(f"/tv/videos/{video.pk}/", headers={"Accept-Language": "fr"}).content.decode()
    assert 'srclang="fr"' in page and 'srclang="en"' in page
    assert "Bonjour le marché." in page
    # Corrected: the transcript reads the new text at once.
    client.force_login(inhabitant)
    assert _edit(client, video, "fr", "WEBVTT\n\n00:00.500 --> 00:01.000\nBienvenue au marché.\n").status_code == 302
    assert _served(client, video, "fr") == "WEBVTT\n\n00:00.500 --> 00:01.000\nBienvenue au marché.\n"
    client.force_login(neighbour)
    page = client.get(f"/tv/videos/{video.pk}/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Bienvenue au marché." in page and "Bonjour le marché." not in page
    assert 'data-start="0.500" data-end="1.000"' in page


@pytest.mark.django_db
def test_removing_a_language_leaves_the_others(client, inhabitant, neighbour, video):
    client.force_login(inhabitant)
    _edit(client, video, "fr", "WEBVTT\n\n00:00.000 --> 00:01.000\nUn.\n")
    _edit(client, video, "en", "WEBVTT\n\n00:00.000 --> 00:01.000\nOne.\n")
    key = video.key
    assert client.post(f"/tv/videos/{video.pk}/sous-titres/en/retirer/").status_code == 302
    assert list(Caption.objects.filter(video=video).values_list("language", flat=True)) == ["fr"]
    client.force_login(neighbour)
    assert client.get(f"/tv/fichiers/{key}/captions/en.vtt").status_code == 404
    assert client.get(f"/tv/fichiers/{key}/captions/fr.vtt").status_code == 200
    # Someone who does not manage the video can neither edit nor remove.
    assert client.get(f"/tv/videos/{video.pk}/sous-titres/fr/").status_code == 404
    assert client.post(f"/tv/videos/{video.pk}/sous-titres/fr/retirer/").status_code == 404
    assert Caption.objects.filter(video=video).count() == 1


@pytest.mark.django_db
def test_every_line_at_fault_is_named_in_french_and_nothing_is_lost(client, inhabitant, video, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(inhabitant)
    _edit(client, video, "fr", "WEBVTT\n\n00:00.000 --> 00:01.000\nLa version enregistrée.\n")
    text = (
        "WEBVTT\n\n"
        "00:00.000 -> 00:01.000\nFlèche courte\n\n"  # line 3
        "00:01.500 --> 00:00.500\nÀ l'envers\n\n"  # line 6
        "00:01.000 --> 00:09.000\nAprès la fin\n\n"  # line 9: the clip lasts 2 s
        "00:00.000 --> 00:01.000\n" + "bla " * 200 + "\n"  # line 12
    )
    response = _edit(client, video, "fr", text)
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ligne 3 : les horaires ne se lisent pas" in page
    assert "Ligne 6 : le sous-titre se termine avant de commencer." in page
    assert "Ligne 9 : le sous-titre continue après la fin de la vidéo (00:02.000)." in page
    assert "Ligne 12 : le sous-titre est trop long (799 caractères ; 500 au plus)." in page
    assert "Flèche courte" in page  # the text typed comes back in the area
    assert _served(client, video, "fr") == "WEBVTT\n\n00:00.000 --> 00:01.000\nLa version enregistrée.\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, sentence",
    [
        ("", "doivent commencer par le mot WEBVTT"),
        ("WEBVTT\n", "ne contiennent aucun sous-titre"),
        ("WEBVTT\n\nBonjour\n", "Ligne 3 : ce sous-titre n'a pas d'horaires"),
        ("WEBVTT\n\n99:99.999 --> 00:01.000\nx\n", "Ligne 3 : les horaires ne se lisent pas"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nBon\x00jour\n", "Le caractère nul"),
        ("WEBVTT\n\n" + "00:00.000 --> 00:01.000\nbla\n\n" * 25000, "au plus 524288 caractères"),
        ("\ufeffWEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\n" + "é" * 600 + "\r\n", "trop long"),
    ],
)
def test_hostile_webvtt_is_answered_with_a_sentence(client, inhabitant, video, settings, text, sentence):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(inhabitant)
    response = _edit(client, video, "fr", text)
    assert response.status_code == 200
    assert sentence in unescape(response.content.decode())
    assert not Caption.objects.exists()


@pytest.mark.django_db
def test_markup_is_not_stored_nor_served_as_html(client, inhabitant, neighbour, video):
    client.force_login(inhabitant)
    text = (
        "WEBVTT\n\nSTYLE\n::cue { background: url(https://tracker.example/x.png) }\n\n"
        'intro\n00:00.000 --> 00:01.000 align:start onload="x"\n'
        "<v Maire>Bonjour <script>alert(1)</script><b>à tous</b> <img src=x onerror=alert(2)>\n"
    )
    assert _edit(client, video, "fr", text).status_code == 302
    stored = _served(client, video, "fr")
    assert stored == "WEBVTT\n\nintro\n00:00.000 --> 00:01.000 align:start\n<v Maire>Bonjour alert(1)<b>à tous</b>\n"
    client.force_login(neighbour)
    served = client.get(f"/tv/fichiers/{video.key}/captions/fr.vtt")
    assert served["Content-Type"].startswith("text/vtt")
    page = client.get(f"/tv/videos/{video.pk}/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page and "<b>à tous" not in page


@pytest.mark.django_db
def test_an_uploaded_file_past_the_video_is_refused_too(client, inhabitant, video, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(inhabitant)
    late = vtt_upload("WEBVTT\n\n00:10.000 --> 00:12.000\nTrop tard\n")
    response = client.post(
        f"/tv/videos/{video.pk}/sous-titres/", {"language": "fr", "file": late}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 200
    assert "Ligne 3 : le sous-titre continue après la fin de la vidéo" in unescape(response.content.decode())
    assert not Caption.objects.exists()


@pytest.mark.django_db
def test_an_unknown_language_is_a_404(client, inhabitant, video):
    client.force_login(inhabitant)
    assert client.get(f"/tv/videos/{video.pk}/sous-titres/xx/").status_code == 404
    assert client.post(f"/tv/videos/{video.pk}/sous-titres/%3Cscript%3E/", {"text": "WEBVTT"}).status_code == 404


def test_the_rebuilt_text_reads_back_the_same():
    text = "WEBVTT\n\n1\n01:00:00.000 --> 01:00:02.500 align:start\n<i>Fin</i>\n"
    assert check_text(text) == text
    assert check_text(check_text(text)) == text
