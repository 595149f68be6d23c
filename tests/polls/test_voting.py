"""Asking, voting, changing one's vote and closing: what members of a group rely on, by page and by service."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from parvis.core.audit import AuditEntry
from parvis.polls.models import Poll, Vote
from parvis.polls.services import poll_close, poll_create, poll_vote
from parvis.spaces.models import Role
from tests.factories import add_member, make_user


def option_ids(poll):
    return [option.pk for option in poll.options.all()]


def test_a_member_asks_a_poll_from_the_space_page(client, spaces, inhabitant):
    client.force_login(inhabitant)
    space = spaces["members"]
    page = client.get(space.get_absolute_url()).content.decode()
    assert reverse("polls:create", args=[space.slug]) in page
    answer = client.post(
        reverse("polls:create", args=[space.slug]),
        {"question": "Quel jour pour la réunion ?", "options": "Lundi\n\nMardi\n  Jeudi  \n", "multiple": "on"},
    )
    poll = Poll.objects.get()
    assert answer.status_code == 302 and answer["Location"] == poll.get_absolute_url()
    assert [option.text for option in poll.options.all()] == ["Lundi", "Mardi", "Jeudi"]
    assert poll.multiple and not poll.named and poll.closes_at is None
    assert "Quel jour pour la réunion ?" in client.get(space.get_absolute_url()).content.decode()


def test_a_person_outside_the_group_sees_no_link_to_ask_and_cannot(client, spaces, outsider):
    client.force_login(outsider)
    space = spaces["public"]
    assert reverse("polls:create", args=[space.slug]) not in client.get(space.get_absolute_url()).content.decode()
    assert client.get(reverse("polls:create", args=[space.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        poll_create(author=outsider, space=space, question="Une question ?", options=["Oui", "Non"])


def test_results_show_only_after_voting_then_the_vote_can_change(client, public_poll, neighbour):
    client.force_login(neighbour)
    page = client.get(public_poll.get_absolute_url()).content.decode()
    assert "The results show once you have voted" in page or "Les résultats s'affichent" in page
    first, second, third = option_ids(public_poll)
    answer = client.post(reverse("polls:vote", args=[public_poll.pk]), {"options": [second]})
    assert answer.status_code == 302
    page = client.get(public_poll.get_absolute_url()).content.decode()
    assert "100 %" in page and "0 %" in page  # counts and shares written as text, not only a bar
    # Changing one's vote replaces the ballot: still one voter.
    client.post(reverse("polls:vote", args=[public_poll.pk]), {"options": [third]})
    assert list(Vote.objects.filter(voter=neighbour).values_list("option_id", flat=True)) == [third]
    assert Poll.objects.get(pk=public_poll.pk).voter_count == 1


def test_a_multiple_choice_ballot_counts_each_answer_and_the_voter_once(public_poll, inhabitant, neighbour):
    poll = poll_create(
        author=inhabitant,
        space=public_poll.space,
        question="Qu’apportez-vous ?",
        options=["Salade", "Dessert", "Boissons"],
        multiple=True,
    )
    salad, dessert, drinks = option_ids(poll)
    poll_vote(voter=neighbour, poll=poll, option_ids=[salad, drinks])
    poll_vote(voter=inhabitant, poll=poll, option_ids=[drinks])
    poll = Poll.objects.for_page().get(pk=poll.pk)
    assert poll.voter_count == 2
    assert [(row["votes"], row["percent"]) for row in poll.results()] == [(1, 50), (0, 0), (2, 100)]


def test_one_answer_only_in_a_single_choice_poll(public_poll, neighbour):
    with pytest.raises(ValidationError, match="one answer only|une seule réponse"):
        poll_vote(voter=neighbour, poll=public_poll, option_ids=option_ids(public_poll)[:2])


def test_the_author_closes_the_poll_and_votes_stop(client, public_poll, inhabitant, neighbour):
    poll_vote(voter=neighbour, poll=public_poll, option_ids=option_ids(public_poll)[:1])
    client.force_login(inhabitant)
    assert client.post(reverse("polls:close", args=[public_poll.pk])).status_code == 302
    assert Poll.objects.get(pk=public_poll.pk).is_closed
    with pytest.raises(ValidationError):
        poll_vote(voter=neighbour, poll=Poll.objects.get(pk=public_poll.pk), option_ids=option_ids(public_poll)[1:2])
    # Closed: everyone who may read it sees the results, without voting.
    client.logout()
    assert "100 %" in client.get(public_poll.get_absolute_url()).content.decode()


def test_a_poll_closes_by_itself_at_its_date(public_poll, neighbour):
    Poll.objects.filter(pk=public_poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        poll_vote(voter=neighbour, poll=Poll.objects.get(pk=public_poll.pk), option_ids=option_ids(public_poll)[:1])


def test_a_member_cannot_close_someone_elses_poll_but_a_moderator_can_and_it_is_journaled(public_poll, neighbour):
    with pytest.raises(PermissionDenied):
        poll_close(actor=neighbour, poll=public_poll)
    moderator = make_user("moderatrice@example.org", display_name="Modératrice")
    add_member(public_poll.space, moderator, role=Role.MODERATOR)
    poll_close(actor=moderator, poll=public_poll)
    entry = AuditEntry.objects.get(verb="poll_closed")
    assert (entry.actor, entry.space_id, entry.object_id) == (moderator, public_poll.space_id, public_poll.pk)


def test_named_results_show_who_voted_to_members_only(client, spaces, inhabitant, neighbour, outsider):
    poll = poll_create(
        author=inhabitant,
        space=spaces["public"],
        question="Qui vient ranger ?",
        options=["Je viens", "Je ne peux pas"],
        named=True,
    )
    add_member(spaces["public"], neighbour)
    poll_vote(voter=neighbour, poll=poll, option_ids=option_ids(poll)[:1])
    poll_close(actor=inhabitant, poll=poll)
    client.force_login(inhabitant)
    assert "Dominique" in client.get(poll.get_absolute_url()).content.decode()
    client.force_login(outsider)  # reads the public group, is not a member: counts only
    assert "Dominique" not in client.get(poll.get_absolute_url()).content.decode()


def test_anonymous_results_name_nobody(client, public_poll, inhabitant, neighbour):
    poll_vote(voter=neighbour, poll=public_poll, option_ids=option_ids(public_poll)[:1])
    client.force_login(inhabitant)
    poll_vote(voter=inhabitant, poll=public_poll, option_ids=option_ids(public_poll)[:1])
    assert "Dominique" not in client.get(public_poll.get_absolute_url()).content.decode()
