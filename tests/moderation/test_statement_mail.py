"""The statement of reasons leaves through the one door of e-mails about content (`spaces.mail.send_about`)."""

import pytest
from django.core import mail

from parvis.moderation import services
from parvis.moderation.models import Decision
from parvis.moderation.tasks import send_statement


@pytest.mark.django_db
def test_a_suspended_person_still_receives_the_statement_of_reasons(
    neighbour, operator_moderator, beauvais, django_capture_on_commit_callbacks
):
    from tests.factories import make_user

    reporter = make_user("gael@example.org", display_name="Gaël", home_commune=beauvais)
    report = services.report_create(reporter=reporter, kind="person", target_id=neighbour.pk, reason="harassment")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_take(
            moderator=operator_moderator, report=report, action="suspend", reason="Harcèlement répété."
        )
    neighbour.refresh_from_db()
    assert not neighbour.is_active  # the suspension is about them: the law wants them told why all the same
    assert [email.to for email in mail.outbox] == [[neighbour.email]]
    assert "Harcèlement répété." in mail.outbox[0].body
    assert f"/moderation/decisions/{decision.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_statement_goes_only_to_the_person_the_decision_is_still_about(
    public_post, inhabitant, neighbour, outsider, django_capture_on_commit_callbacks
):
    report = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    decision = services.decision_take(moderator=inhabitant, report=report, action="hide", reason="Publicité.")
    # Between the decision and the task, the decision came to be about someone else (an account merged, a data
    # fix): the e-mail must follow who may open the decision now, not who was asked when it was queued.
    Decision.objects.filter(pk=decision.pk).update(author=outsider)
    decision.refresh_from_db()
    mail.outbox.clear()
    from parvis.spaces.mail import send_about

    statement = {"kind": "moderation_statement", "key": "test", "context": {"decision": decision, "url": "/"}}
    assert send_about(to=neighbour, about=[decision], **statement) == 0
    assert send_about(to=outsider, about=[decision], **statement) == 1
    assert send_statement.call(decision_id=decision.pk) == "sent"
    assert [email.to for email in mail.outbox] == [[outsider.email], [outsider.email]]
