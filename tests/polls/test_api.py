"""The API asks, reads, votes and closes through the same services and rules as the pages."""

from django.urls import reverse

from parvis.polls.models import Poll
from parvis.polls.services import poll_vote
from tests.factories import add_member, api_client


def test_a_member_asks_votes_and_sees_results_only_after_voting(spaces, inhabitant, neighbour):
    add_member(spaces["members"], neighbour)
    author = api_client(inhabitant)
    answer = author.post(
        reverse("api:poll_create"),
        {"space": spaces["members"].slug, "question": "Quelle couleur pour le portail ?", "options": ["Vert", "Bleu"]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    poll = answer.json()
    assert poll["voter_count"] is None and all(option["votes"] is None for option in poll["options"])
    member = api_client(neighbour)
    blue = poll["options"][1]["id"]
    voted = member.put(
        reverse("api:poll_vote", args=[poll["id"]]), {"options": [blue]}, content_type="application/json"
    )
    assert voted.status_code == 200
    body = voted.json()
    assert body["my_choices"] == [blue] and body["voter_count"] == 1
    assert [(option["votes"], option["percent"]) for option in body["options"]] == [(0, 0), (1, 100)]
    assert all(option["voters"] is None for option in body["options"])  # anonymous results name nobody
    closed = author.post(reverse("api:poll_close", args=[poll["id"]]))
    assert closed.status_code == 200 and closed.json()["closed"]
    listed = member.get(reverse("api:poll_list", args=[spaces["members"].slug])).json()
    assert [each["id"] for each in listed] == [poll["id"]]


def test_a_member_may_not_close_someone_elses_poll_by_api(public_poll, neighbour):
    answer = api_client(neighbour).post(reverse("api:poll_close", args=[public_poll.pk]))
    assert answer.status_code == 403 and answer.json()["detail"]
    assert not Poll.objects.get(pk=public_poll.pk).is_closed


def test_the_space_page_lists_polls_in_a_fixed_number_of_queries(
    client, spaces, inhabitant, ask, django_assert_max_num_queries
):
    space = spaces["public"]
    client.force_login(inhabitant)
    ask(author=inhabitant, space=space, question="Question 0 ?")
    with django_assert_max_num_queries(40) as one:
        client.get(space.get_absolute_url())
    for number in range(1, 20):
        poll = ask(author=inhabitant, space=space, question=f"Question {number} ?")
        poll_vote(voter=inhabitant, poll=poll, option_ids=[poll.options.first().pk])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(space.get_absolute_url())


def test_a_poll_page_costs_the_same_with_2_or_10_answers_and_many_voters(
    client, spaces, inhabitant, ask, django_assert_max_num_queries
):
    space = spaces["public"]
    client.force_login(inhabitant)
    small = ask(author=inhabitant, space=space, question="Petit ?")
    poll_vote(voter=inhabitant, poll=small, option_ids=[small.options.first().pk])
    with django_assert_max_num_queries(40) as one:
        client.get(small.get_absolute_url())
    big = ask(author=inhabitant, space=space, question="Grand ?", options=[f"Choix {n}" for n in range(10)])
    poll_vote(voter=inhabitant, poll=big, option_ids=[big.options.first().pk])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(big.get_absolute_url())
