"""Chapters: written one per line by the video's managers, refused line by line with a sentence in French, shown as
links that start the video at their time (`?t=`, without JavaScript too) and served as a WebVTT chapters track that
follows the video's rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.tv.chapters import chapters_set, parse
from parvis.tv.models import Chapter


@pytest.fixture
def video(channel, inhabitant, publish, clip20):
    return publish(author=inhabitant, channel=channel, data=clip20, title="Conseil municipal du 12 mars")


def test_lines_become_chapters_in_order_with_their_agenda_point():
    chapters = parse("0:15 Point 2 – Budget primitif\n\n00:00:00 Ouverture\n0:12 Questions-réponses", duration=20)
    assert [(c.start, c.point, c.title) for c in chapters] == [
        (0, "", "Ouverture"),
        (12, "", "Questions-réponses"),
        (15, "Point 2", "Budget primitif"),
    ]
    assert parse("", duration=20) == []


@pytest.mark.django_db
def test_bad_lines_are_named_in_french_and_nothing_is_lost(client, inhabitant, video):
    chapters_set(actor=inhabitant, video=video, text="00:00:00 Ouverture\n00:00:10 Point 1 – Budget")
    client.force_login(inhabitant)
    text = "00:00:00 Ouverture\n1:75 Point 2\n00:00:45 Vote\n00:00:00 Encore\n00:00:05\n"
    page = client.post(f"/tv/videos/{video.pk}/chapitres/", {"chapters": text})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Ligne 2 : « 1:75 » n&#x27;est pas une heure" in body
    assert "Ligne 3 : 00:00:45 est après la fin de la vidéo (00:00:20)" in body
    assert "Ligne 4 : la ligne 1 commence déjà un chapitre à 00:00:00" in body
    assert "Ligne 5 : écrivez le titre du chapitre après l&#x27;heure" in body
    assert "Encore" in body  # what was typed is kept in the field
    assert [(c.start, c.point, c.title) for c in Chapter.objects.filter(video=video)] == [
        (0, "", "Ouverture"),
        (10, "Point 1", "Budget"),
    ]
    for hostile in ("\x00" * 5, "9" * 50 + " titre", "00:00:01 " + "x" * 500, "-1:00 Avant"):
        with pytest.raises(ValidationError):
            chapters_set(actor=inhabitant, video=video, text=hostile)
    assert Chapter.objects.filter(video=video).count() == 2


@pytest.mark.django_db
def test_only_the_videos_managers_set_chapters(client, neighbour, video):
    with pytest.raises(PermissionDenied):
        chapters_set(actor=neighbour, video=video, text="00:00:01 Ouverture")
    client.force_login(neighbour)
    assert client.get(f"/tv/videos/{video.pk}/chapitres/").status_code == 404


@pytest.mark.django_db
def test_the_player_lists_chapters_as_links_and_starts_at_t(client, inhabitant, video):
    chapters_set(actor=inhabitant, video=video, text="00:00:00 Ouverture\n00:00:12 Point 3 – Budget <b>2027</b>")
    page = client.get(f"{video.get_absolute_url()}?t=12").content.decode()
    assert 'href="?t=12#tv-player-video"' in page and 'data-seek="12"' in page
    assert 'data-start="12"' in page and f"{video.mp4_url}#t=12" in page  # the start, without JavaScript
    assert f'<track kind="chapters" srclang="fr" label="Chapitres" src="{video.chapters_url}">' in page
    assert "<b>2027</b>" not in page  # escaped like any text
    for ignored in ("?t=99", "?t=abc", "?t=-5", "?t=" + "9" * 40):
        assert "data-start" not in client.get(f"{video.get_absolute_url()}{ignored}").content.decode()
    track = client.get(video.chapters_url)
    assert track.status_code == 200 and track["Content-Type"].startswith("text/vtt")
    lines = track.content.decode().splitlines()
    assert lines[:7] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:00:12.000", "Ouverture", "", "2"]
    assert lines[7].startswith("00:00:12.000 --> 00:00:20") and lines[8] == "Point 3 – Budget &lt;b&gt;2027&lt;/b&gt;"


@pytest.mark.django_db
def test_chapters_follow_the_video_rule(client, inhabitant, neighbour, outsider, channel, publish, clip2):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Bureau", visibility="members")
    chapters_set(actor=inhabitant, video=video, text="00:00:01 Point secret – Le huis clos")
    for reader in (None, outsider):
        client.logout()
        if reader:
            client.force_login(reader)
        assert client.get(video.chapters_url).status_code == 404
        assert client.get(f"/api/v1/tv/videos/{video.pk}").status_code == 404
    client.force_login(neighbour)
    assert "Le huis clos" in client.get(video.chapters_url).content.decode()
    api = client.get(f"/api/v1/tv/videos/{video.pk}").json()
    assert api["chapters"] == [{"start": 1, "title": "Le huis clos", "point": "Point secret"}]
