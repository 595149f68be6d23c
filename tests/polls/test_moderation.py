"""Moderation hides, removes and restores a poll through the registry of kinds (polls/kinds.py): moderation holds
no line about polls, and the journal names the poll."""

import pytest
from django.urls import reverse

from parvis.core import kinds
from parvis.core.audit import AuditEntry
from parvis.moderation.models import Report
from parvis.moderation.services import decision_contest, decision_review, decision_take, report_create
from parvis.notifications.models import Notification
from parvis.polls.models import Poll, Status
from parvis.polls.services import poll_vote
from parvis.search import queries
from tests.conftest import staff_client


@pytest.fixture
def neighbours_poll(public_poll, neighbour, ask):
    """A poll the neighbour asks in the public group that the inhabitant owns (and so moderates)."""
    return ask(
        author=neighbour, space=public_poll.space, question="Faut-il repeindre le banc ?", options=["Oui", "Non"]
    )


def test_a_reported_poll_is_removed_then_restored_whole_on_review(
    client, neighbours_poll, inhabitant, neighbour, outsider, operator_moderator
):
    public_poll = neighbours_poll
    poll_vote(voter=inhabitant, poll=public_poll, option_ids=[public_poll.options.first().pk])
    client.force_login(outsider)
    report_url = reverse("moderation:report", args=["sondage", public_poll.pk])
    assert report_url in client.get(public_poll.get_absolute_url()).content.decode()
    assert client.post(report_url, {"reason": "spam", "details": "", "good_faith": "on"}).status_code == 302
    report = Report.objects.get(kind="poll", target_id=public_poll.pk)
    assert report.space == public_poll.space and report.author == public_poll.author

    # The group's owner moderates it: the question is in their queue, then the poll is removed for everyone.
    client.force_login(inhabitant)
    assert public_poll.question in client.get(reverse("moderation:queue")).content.decode()
    decision = decision_take(moderator=inhabitant, report=report, action=kinds.REMOVE, reason="Hors sujet.")
    assert Poll.objects.get(pk=public_poll.pk).status == Status.REMOVED
    entry = AuditEntry.objects.get(verb="decision_taken")
    assert (entry.kind, entry.object_id, entry.space_id) == ("polls.poll", public_poll.pk, public_poll.space_id)
    for person in (outsider, neighbour, inhabitant):
        client.force_login(person)
        assert client.get(public_poll.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:poll_detail", args=[public_poll.pk])).status_code == 404

    # Contested, reversed by the operator's team: the poll is back with its votes.
    decision_contest(author=neighbour, decision=decision, text="C’est une question pour le groupe.")
    staff_client(client, operator_moderator)
    decision_review(reviewer=operator_moderator, decision=decision, reverse=True, reason="Question légitime.")
    restored = Poll.objects.get(pk=public_poll.pk)
    assert restored.status == Status.PUBLISHED and restored.voter_count == 1


def test_a_hidden_poll_leaves_search_and_notifications(neighbours_poll, neighbour, outsider, inhabitant):
    assert {section.kind.name for section in queries.search_content(outsider, "banc")} == {"poll"}
    report = report_create(reporter=outsider, kind="poll", target_id=neighbours_poll.pk, reason="spam")
    assert Notification.objects.inbox(inhabitant).filter(target_kind="poll").exists()
    decision_take(moderator=inhabitant, report=report, action=kinds.HIDE, reason="Doublon.")
    assert not Notification.objects.inbox(inhabitant).filter(target_kind="poll").exists()
    assert not queries.search_content(outsider, "banc")
