"""The web TV's forms beyond those of the architecture's hostile-forms test (a channel, a video's sending, captions
written in the page): a video's details, its chapters, a new programme or playlist, and the buttons that arrange
them. Each field gets a string longer than any column, a number past 64 bits, dates out of range and a NUL byte:
the form comes back with a sentence (and what was typed), never a 500, and nothing is saved."""

import pytest

from parvis.tv.models import Chapter, Episode, Playlist, Programme, Video
from parvis.tv.programmes import programme_create
from tests.core.test_hostile_forms import HOSTILE, LONG, _nul_failures, _shows_an_error


@pytest.fixture
def tv_forms(signed_in, inhabitant, channel, publish, clip2, english):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Conseil municipal")
    programme = programme_create(actor=inhabitant, channel=channel, title="Séances")
    return (
        video,
        programme,
        [
            (
                f"/tv/videos/{video.pk}/modifier/",
                {"title": "Conseil du 3 mars", "description": "La séance", "theme": "conseil", "commune": "60000"},
            ),
            (f"/tv/videos/{video.pk}/chapitres/", {"chapters": "00:00 Ouverture\n00:01 Point 1 – Budget"}),
            (f"/tv/chaines/{channel.pk}/nouveau-programme/", {"title": "Le magazine", "description": "Chaque mois"}),
            (f"/tv/chaines/{channel.pk}/nouvelle-liste/", {"title": "Nos quartiers", "description": "Balades"}),
        ],
    )


@pytest.mark.django_db
def test_hostile_values_in_the_tv_forms_never_answer_500(signed_in, tv_forms):
    _video, _programme, forms = tv_forms
    signed_in.raise_request_exception = False
    failures = []
    for url, plain in forms:
        for name in plain:
            for value in HOSTILE:
                response = signed_in.post(url, {**plain, name: value})
                if response.status_code >= 500:
                    failures.append(f"{url} {name}={value[:20]!r}: {response.status_code}")
                elif value == LONG and response.status_code != 200:
                    failures.append(f"{url} {name}: a value past any limit was taken ({response.status_code})")
                elif value == LONG and not _shows_an_error(response):
                    failures.append(f"{url} {name}: a value past any limit without a sentence")
    assert not failures, "\n".join(failures)
    # Nothing too long reached the database.
    assert all(len(title) < 1000 for title in Video.objects.values_list("title", flat=True))
    assert not Chapter.objects.filter(title__startswith="xxxx").exists()
    assert not Programme.objects.filter(title__startswith="xxxx").exists()
    assert not Playlist.objects.filter(title__startswith="xxxx").exists()


@pytest.mark.django_db
def test_a_nul_byte_in_a_tv_form_shows_it_again_with_a_sentence_and_what_was_typed(signed_in, tv_forms):
    _video, _programme, forms = tv_forms
    # The commune is shown back as its name, whatever was typed (a postal code here).
    failures = _nul_failures(signed_in, forms, not_shown={"commune"})
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_hostile_values_in_the_arranging_buttons_say_what_to_do_and_change_nothing(signed_in, tv_forms):
    video, programme, _forms = tv_forms
    signed_in.raise_request_exception = False
    url = f"/tv/programmes/{programme.pk}/ranger/"
    for value in [*HOSTILE, "Bon\x00jour", "", "-1", "0"]:
        for data in ({"action": "add", "video": value}, {"action": value, "video": str(video.pk)}):
            response = signed_in.post(url, data, follow=True)
            assert response.status_code == 200, (data, response.status_code)
            assert "message--error" in response.content.decode(), data
    assert not Episode.objects.exists()
