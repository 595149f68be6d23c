"""The internal complaint-handling system (DSA art. 20): a notifier whose notice was dismissed, and an author whose
content was acted upon, contest once within six months; another moderator reviews when there is one; the review is
audited and sent to the person; the transparency report counts it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from parvis.core.audit import AuditEntry
from parvis.moderation import services
from parvis.moderation.models import AppealOutcome, Decision, LogAction, Report, ReportStatus
from parvis.moderation.transparency import transparency_csv, transparency_for
from parvis.posts.models import Post, Status
from tests.conftest import staff_client

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
NOTICE = {
    "reason": "hate",
    "details": "Appel à la haine contre les habitants d'un quartier.",
    "name": "Claude Martin",
    "email": "claude@example.org",
    "good_faith": "on",
}


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/moderation/\S+/)", body).group(1)


def _dismiss(client, moderator, report, capture):
    client.force_login(moderator)
    with capture(execute=True):
        client.post(f"/moderation/signalements/{report.pk}/decider/", {"action": "dismiss", "reason": "Rien."})
    client.logout()


def test_a_visitor_contests_a_dismissal_through_a_single_use_link_and_another_moderator_reverses_it(
    client, public_post, inhabitant, neighbour, operator_moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/signaler/publication/{public_post.pk}/", NOTICE)
    report = Report.objects.get()
    mail.outbox.clear()
    _dismiss(client, inhabitant, report, django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert email.to == ["claude@example.org"] and "six" in email.body
    link = _link(email.body)
    assert link.startswith("/moderation/contester/")
    # An altered link opens nothing.
    assert client.get(link[:-3] + "xx/").status_code == 404
    page = client.get(link)
    assert page.status_code == 200 and "Contester" in page.content.decode()
    # An empty text is refused with a sentence, nothing recorded.
    refused = client.post(link, {"text": "  "})
    assert refused.status_code == 400 and escape("Expliquez pourquoi vous contestez") in refused.content.decode()
    assert Report.objects.get().appealed_at is None
    done = client.post(link, {"text": "Le message vise bien un quartier entier."})
    assert done.status_code == 200 and "autre personne de la modération" in done.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.CONTESTED and report.appeal_text.startswith("Le message vise")
    # Single use: the same link no longer works.
    again = client.get(link)
    assert again.status_code == 404 and "ne fonctionne plus" in again.content.decode()

    # It waits for a moderator other than the one who dismissed it: the operator's team is there.
    client.force_login(inhabitant)
    assert "Le message vise bien" not in client.get(QUEUE).content.decode()
    refused = client.post(
        f"/moderation/signalements/{report.pk}/reexaminer/", {"action": "hide", "reason": "Moi."}, follow=True
    )
    assert Report.objects.get().appeal_outcome == ""
    staff = staff_client(Client(), operator_moderator)
    assert "Le message vise bien" in staff.get(QUEUE).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/moderation/signalements/{report.pk}/reexaminer/", {"action": "hide", "reason": "Haine avérée."})
    report.refresh_from_db()
    assert report.appeal_outcome == AppealOutcome.REVERSED and report.appeal_reviewer == operator_moderator
    assert report.status == ReportStatus.DECIDED and report.decision.action == "hide"
    assert Post.objects.get(pk=public_post.pk).status == Status.HIDDEN
    # The notifier learns the outcome and why; the author gets the statement of reasons of the new decision.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Haine avérée." in by_address["claude@example.org"].body
    assert f"/moderation/decisions/{report.decision_id}/" in by_address[neighbour.email].body
    assert "Claude" not in by_address[neighbour.email].body
    verbs = list(AuditEntry.objects.filter(verb__in=LogAction.values).values_list("verb", flat=True))
    assert LogAction.NOTICE_APPEALED in verbs and LogAction.APPEAL_REVERSED in verbs


def test_a_signed_in_notifier_contests_on_the_notice_page_and_a_lone_moderator_reviews(
    client, public_post, inhabitant, outsider, neighbour, django_capture_on_commit_callbacks
):
    report = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    mail.outbox.clear()
    _dismiss(client, inhabitant, report, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    link = _link(email.body)
    assert link == f"/moderation/signalements/{report.pk}/contester/"
    # Only the notifier opens it.
    client.force_login(neighbour)
    assert client.get(link).status_code == 404
    client.force_login(outsider)
    client.post(link, {"text": "C'est une publicité déguisée."})
    assert Report.objects.get().status == ReportStatus.CONTESTED
    second = client.get(link).content.decode()
    assert escape("déjà contesté") in second
    # Nobody else may handle this group's content: the moderator who dismissed reviews rather than leave it waiting.
    client.force_login(inhabitant)
    assert "publicité déguisée" in client.get(QUEUE).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/signalements/{report.pk}/reexaminer/", {"action": "uphold", "reason": "Annonce."})
    report.refresh_from_db()
    assert report.appeal_outcome == AppealOutcome.UPHELD and report.status == ReportStatus.CLOSED
    assert Post.objects.get(pk=public_post.pk).status == Status.PUBLISHED
    [outcome] = mail.outbox
    assert outcome.to == [outsider.email] and "Annonce." in outcome.body
    assert AuditEntry.objects.filter(verb=LogAction.APPEAL_UPHELD, reason="Annonce.").exists()


def test_after_six_months_neither_a_dismissal_nor_a_decision_can_be_contested(
    client, public_post, inhabitant, outsider, neighbour
):
    dismissed = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    services.report_dismiss(moderator=inhabitant, report=dismissed, reason="Rien.")
    Report.objects.filter(pk=dismissed.pk).update(handled_at=timezone.now() - timedelta(days=200))
    client.force_login(outsider)
    page = client.post(f"/moderation/signalements/{dismissed.pk}/contester/", {"text": "Trop tard ?"})
    assert "six mois" in page.content.decode() and Report.objects.get(pk=dismissed.pk).appealed_at is None

    from parvis.posts.services import post_create

    other = post_create(author=neighbour, space=public_post.space, body="Une autre.")
    report = services.report_create(reporter=outsider, kind="post", target_id=other.pk, reason="spam")
    decision = services.decision_take(moderator=inhabitant, report=report, action="hide", reason="Pub.")
    Decision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - timedelta(days=200))
    client.force_login(neighbour)
    response = client.post(f"/moderation/decisions/{decision.pk}/contester/", {"text": "Trop tard ?"}, follow=True)
    assert "six mois" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).contested_at is None


def test_the_author_receives_the_review_of_their_contest(
    public_post, inhabitant, outsider, neighbour, operator_moderator, django_capture_on_commit_callbacks
):
    report = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="hate")
    decision = services.decision_take(moderator=inhabitant, report=report, action="hide", reason="Propos haineux.")
    services.decision_contest(author=neighbour, decision=decision, text="Une citation.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_review(reviewer=operator_moderator, decision=decision, reverse=True, reason="Citation.")
    [email] = mail.outbox
    assert email.to == [neighbour.email] and "Citation." in email.body and "rétabli" in email.body


def test_the_transparency_report_counts_contested_dismissals_and_their_outcomes(
    client, public_post, inhabitant, outsider, neighbour, beauvais
):
    from tests.factories import make_user

    others = [make_user(f"n{i}@example.org", display_name=f"N{i}", home_commune=beauvais) for i in range(3)]
    reports = [
        services.report_create(reporter=person, kind="post", target_id=public_post.pk, reason="spam")
        for person in [outsider, *others]
    ]
    services.report_dismiss(moderator=inhabitant, report=reports[0], reason="Rien.")
    from parvis.moderation.appeals import report_appeal, report_appeal_review

    report_appeal(report=reports[0], notifier=outsider, text="Si.")
    report_appeal(report=reports[1], notifier=others[0], text="Si.")
    report_appeal(report=reports[2], notifier=others[1], text="Si.")
    report_appeal_review(reviewer=inhabitant, report=reports[0], action="uphold", reason="Non.")
    report_appeal_review(reviewer=inhabitant, report=reports[1], action="remove", reason="Oui.")
    figures = transparency_for(timezone.localdate().year)
    assert (figures.notice_appeals, figures.notice_appeals_upheld, figures.notice_appeals_reversed) == (3, 1, 1)
    assert figures.notice_appeals_pending == 1
    assert f"{figures.year},notice_appeals,reversed,,1" in transparency_csv(figures)
    page = client.get("/moderation/transparence/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "3 classements contestés" in page and "Annulés, décision prise sur le contenu : 1" in page
