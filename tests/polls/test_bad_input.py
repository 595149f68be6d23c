"""Bad input is answered with a sentence next to its field, never a 500, and what was typed is kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.polls.models import Poll, Vote
from parvis.polls.services import poll_close
from tests.factories import api_client


@pytest.fixture
def page(client, spaces, inhabitant, english):
    client.force_login(inhabitant)

    def send(**fields):
        data = {"question": "Quel jour ?", "options": "Lundi\nMardi", **fields}
        return client.post(reverse("polls:create", args=[spaces["members"].slug]), data)

    return send


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"options": "Lundi"}, "Give at least 2 answers"),
        ({"options": "\n\n  \n"}, "This field is required"),
        ({"options": "Lundi\nlundi"}, "is given twice"),
        ({"options": "Lundi\nLUNDI \nMardi"}, "is given twice"),
        ({"options": "\n".join(f"Choix {n}" for n in range(11))}, "At most 10 answers"),
        ({"options": "Lundi\n" + "x" * 201}, "too long"),
        ({"question": "   "}, "This field is required"),
        ({"closes_at": "2020-01-01T10:00"}, "The closing date has passed"),
        ({"closes_at": "demain"}, "Enter a valid date/time"),
        ({"question": "Quel\x00jour ?"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_poll_is_refused_with_a_sentence_and_kept(page, fields, sentence):
    answer = page(**fields)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert sentence in text
    assert "There is a problem" in text
    assert Poll.objects.count() == 0
    if "options" in fields and "\x00" not in fields["options"] and fields["options"].strip():
        assert fields["options"].split("\n")[0] in text  # what was typed is still there


def test_a_vote_on_a_closed_poll_is_refused_in_words(client, private_poll, inhabitant, neighbour, english):
    poll_close(actor=inhabitant, poll=private_poll)
    client.force_login(neighbour)
    option = private_poll.options.first()
    answer = client.post(reverse("polls:vote", args=[private_poll.pk]), {"options": [option.pk]})
    assert answer.status_code in (200, 302)
    follow = client.post(reverse("polls:vote", args=[private_poll.pk]), {"options": [option.pk]}, follow=True)
    assert "closed" in follow.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_for_an_answer_of_another_poll_is_refused_in_words(
    client, private_poll, public_poll, neighbour, english
):
    client.force_login(neighbour)
    other = public_poll.options.first()
    answer = client.post(reverse("polls:vote", args=[private_poll.pk]), {"options": [other.pk]})
    assert answer.status_code == 200
    assert "not one of this poll" in answer.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999999999", "1\x00"])
def test_a_vote_with_nonsense_is_refused_in_words(client, private_poll, neighbour, english, value):
    client.force_login(neighbour)
    answer = client.post(reverse("polls:vote", args=[private_poll.pk]), {"options": [value]})
    assert answer.status_code in (200, 400)
    assert not Vote.objects.exists()


def test_the_api_answers_bad_input_with_400_and_a_sentence(spaces, inhabitant, private_poll, public_poll, english):
    api = api_client(inhabitant)
    url = reverse("api:poll_create")
    for payload, words in [
        ({"space": spaces["members"].slug, "question": "Quel jour ?", "options": ["Lundi"]}, "at least 2"),
        ({"space": spaces["members"].slug, "question": "Quel jour ?", "options": ["Lundi", "lundi"]}, "twice"),
        ({"space": spaces["members"].slug, "question": "", "options": ["A", "B"]}, "question"),
        ({"space": spaces["members"].slug, "question": "Q ?", "options": "AB"}, "options"),
        (
            {
                "space": spaces["members"].slug,
                "question": "Q ?",
                "options": ["A", "B"],
                "closes_at": (timezone.now() - timedelta(days=1)).isoformat(),
            },
            "passed",
        ),
    ]:
        answer = api.post(url, payload, content_type="application/json")
        assert answer.status_code == 400, (payload, answer.content)
        assert words in answer.json()["detail"]
    vote_url = reverse("api:poll_vote", args=[private_poll.pk])
    other = public_poll.options.first().pk
    answer = api.put(vote_url, {"options": [other]}, content_type="application/json")
    assert answer.status_code == 400 and "not one of this poll" in answer.json()["detail"]
    answer = api.put(vote_url, {"options": []}, content_type="application/json")
    assert answer.status_code == 400 and "Choose an answer" in answer.json()["detail"]
    poll_close(actor=inhabitant, poll=private_poll)
    mine = private_poll.options.first().pk
    answer = api.put(vote_url, {"options": [mine]}, content_type="application/json")
    assert answer.status_code == 400 and "closed" in answer.json()["detail"]
