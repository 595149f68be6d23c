"""Moderation, search and notifications handle videos through the registry of kinds (tv/kinds.py), with no line of
their own about videos; a removed video's page and files are gone for everyone."""

import pytest
from django.urls import reverse

from parvis.core import kinds
from parvis.core.audit import AuditEntry
from parvis.moderation.models import LogAction, Report
from parvis.moderation.services import decision_take
from parvis.notifications.models import Notification
from parvis.search import queries
from parvis.tv.models import Status, Video


@pytest.mark.django_db
def test_a_reported_video_is_removed_with_its_files_then_restored(
    client, inhabitant, neighbour, outsider, operator_moderator, channel, publish, clip2
):
    video = publish(author=inhabitant, channel=channel, data=clip2, title="Le banc repeint")
    # The space's members were told of it, with its link.
    assert Notification.objects.filter(recipient=neighbour, target_kind="video", target_id=video.pk).exists()
    assert {section.kind.name for section in queries.search_content(outsider, "banc")} == {"video"}

    client.force_login(outsider)
    report_url = reverse("moderation:report", args=["video", video.pk])
    assert report_url in client.get(video.get_absolute_url()).content.decode()
    assert client.post(report_url, {"reason": "spam", "details": "", "good_faith": "on"}).status_code == 302
    report = Report.objects.get(kind="video", target_id=video.pk)
    # Its uploader owns the space: the operator's team decides.
    decision = decision_take(moderator=operator_moderator, report=report, action=kinds.REMOVE, reason="Hors charte.")
    assert Video.objects.get(pk=video.pk).status == Status.REMOVED
    # The audit log keeps the decision on the video and its space, as for any content of the registry.
    entry = AuditEntry.objects.get(verb=LogAction.DECISION_TAKEN)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        operator_moderator,
        "tv.video",
        video.pk,
        video.space_id,
        "Hors charte.",
    )
    for person in (outsider, neighbour, inhabitant):
        client.force_login(person)
        assert client.get(video.get_absolute_url()).status_code == 404
        assert client.get(f"/tv/fichiers/{video.key}/video.mp4").status_code == 404
    assert not queries.search_content(outsider, "banc")

    # A decision reversed on review puts back the status it replaced (moderation calls the kind's `restore`).
    kinds.get("video").restore(video.pk, kinds.REMOVE, decision.previous_state)
    client.force_login(outsider)
    assert client.get(video.get_absolute_url()).status_code == 200
    assert client.get(f"/tv/fichiers/{video.key}/video.mp4").status_code == 200
