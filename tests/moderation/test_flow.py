import pytest
from django.core import mail
from django.utils.html import escape
from django.utils.translation import gettext as _

from parvis.core.audit import AuditEntry
from parvis.moderation.models import Decision, DecisionStatus, LogAction, Report, ReportStatus
from parvis.posts.models import Post, Status
from tests.conftest import staff_client

QUEUE = "/moderation/"


def report_url(kind: str, target_id: int) -> str:
    return f"/moderation/signaler/{kind}/{target_id}/"


@pytest.mark.django_db
def test_report_hide_statement_contest_and_reversal_end_to_end(
    client,
    public_post,
    inhabitant,
    neighbour,
    outsider,
    other_moderator,
    operator_moderator,
    django_capture_on_commit_callbacks,
):
    # An outsider reading the public group reports the post.
    client.force_login(outsider)
    response = client.get(report_url("publication", public_post.pk))
    assert response.status_code == 200
    assert "Des mots blessants" in response.content.decode()
    response = client.post(
        report_url("publication", public_post.pk),
        {"reason": "harassment", "details": "Il vise un voisin.", "good_faith": "on"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.status, report.space, report.author) == (ReportStatus.OPEN, public_post.space, neighbour)

    # The group's owner sees it in their queue; the owner of an unrelated space does not, and cannot decide on it.
    client.force_login(other_moderator)
    assert "Des mots blessants" not in client.get(QUEUE).content.decode()
    response = client.post(f"/moderation/signalements/{report.pk}/decider/", {"action": "hide", "reason": "x"})
    assert response.status_code == 404
    client.force_login(inhabitant)
    page = client.get(QUEUE).content.decode()
    assert "Des mots blessants" in page and "Il vise un voisin." in page

    # A decision needs a reason.
    client.post(f"/moderation/signalements/{report.pk}/decider/", {"action": "hide", "reason": ""})
    assert Post.objects.get(pk=public_post.pk).status == Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/signalements/{report.pk}/decider/",
            {"action": "hide", "reason": "Attaque personnelle contre un voisin, contraire à la charte."},
        )
    assert response.status_code == 302
    assert Post.objects.get(pk=public_post.pk).status == Status.HIDDEN
    decision = Decision.objects.get()
    report.refresh_from_db()
    assert report.status == ReportStatus.DECIDED and report.decision == decision
    assert client.get(f"/publications/{public_post.pk}/").status_code == 404  # hidden from everyone

    # The author receives the statement of reasons by e-mail, with the link to the page.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [neighbour.email]
    assert f"/moderation/decisions/{decision.pk}/" in mail.outbox[0].body
    assert "Attaque personnelle" in mail.outbox[0].body
    assert "Camille" not in mail.outbox[0].body  # a role, not the moderator's name

    # The statement page: what, why, by whom (role), how to contest. Others cannot open it.
    client.force_login(outsider)
    assert client.get(f"/moderation/decisions/{decision.pk}/").status_code == 404
    client.force_login(neighbour)
    page = client.get(f"/moderation/decisions/{decision.pk}/").content.decode()
    assert "Attaque personnelle" in page and "Groupe public" in page and "contester" in page.lower()

    # The author contests once; a second contest is refused with a message.
    client.post(f"/moderation/decisions/{decision.pk}/contester/", {"text": "Je parlais d'un personnage de roman."})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CONTESTED
    response = client.post(f"/moderation/decisions/{decision.pk}/contester/", {"text": "Encore."}, follow=True)
    refusal = _("This decision has already been contested: it can be contested only once.")
    assert escape(refusal) in response.content.decode()
    decision.refresh_from_db()
    assert decision.contest_text == "Je parlais d'un personnage de roman."

    # The moderator who decided cannot review; the operator's team can, and reverses: the post is back.
    client.force_login(inhabitant)
    client.post(f"/moderation/decisions/{decision.pk}/examiner/", {"outcome": "reverse", "reason": "Moi-même."})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CONTESTED
    staff_client(client, operator_moderator)
    assert "/moderation/decisions/" in client.get(QUEUE).content.decode()
    client.post(
        f"/moderation/decisions/{decision.pk}/examiner/", {"outcome": "reverse", "reason": "Citation d'un roman."}
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVERSED and decision.reviewer == operator_moderator
    assert Post.objects.get(pk=public_post.pk).status == Status.PUBLISHED
    client.force_login(outsider)
    assert client.get(f"/publications/{public_post.pk}/").status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED

    # Every act is in the audit log: who, what, why.
    entries = AuditEntry.objects.filter(verb__in=LogAction.values).order_by("created_at", "id")
    log = list(entries.values_list("verb", "actor", "reason"))
    assert [entry[0] for entry in log] == [
        LogAction.REPORT_RECEIVED,
        LogAction.DECISION_TAKEN,
        LogAction.DECISION_CONTESTED,
        LogAction.DECISION_REVERSED,
    ]
    assert [entry[1] for entry in log] == [outsider.pk, inhabitant.pk, neighbour.pk, operator_moderator.pk]
    assert log[1][2].startswith("Attaque personnelle")


@pytest.mark.django_db
def test_removing_a_comment_lowers_the_count_and_reversal_restores_it(
    client, public_comment, inhabitant, outsider, operator_moderator, neighbour
):
    from parvis.moderation import services

    post = public_comment.post
    assert Post.objects.get(pk=post.pk).comment_count == 1
    report = services.report_create(reporter=outsider, kind="comment", target_id=public_comment.pk, reason="spam")
    decision = services.decision_take(moderator=inhabitant, report=report, action="remove", reason="Publicité.")
    public_comment.refresh_from_db()
    assert public_comment.status == Status.REMOVED
    assert Post.objects.get(pk=post.pk).comment_count == 0
    services.decision_contest(author=neighbour, decision=decision, text="Ce n'était pas de la publicité.")
    services.decision_review(reviewer=operator_moderator, decision=decision, reverse=True, reason="Erreur.")
    public_comment.refresh_from_db()
    assert public_comment.status == Status.PUBLISHED
    assert Post.objects.get(pk=post.pk).comment_count == 1


@pytest.mark.django_db
def test_review_can_uphold_and_the_content_stays_hidden(public_post, inhabitant, outsider, neighbour, spaces):
    from parvis.moderation import services
    from parvis.spaces.models import Role, Visibility
    from tests.factories import add_member, make_user

    second = make_user("claude@example.org", display_name="Claude")
    add_member(spaces[Visibility.PUBLIC], second, role=Role.MODERATOR)
    report = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="hate")
    decision = services.decision_take(moderator=inhabitant, report=report, action="hide", reason="Propos haineux.")
    services.decision_contest(author=neighbour, decision=decision, text="Non.")
    services.decision_review(reviewer=second, decision=decision, reverse=False, reason="Confirmé.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.UPHELD
    assert Post.objects.get(pk=public_post.pk).status == Status.HIDDEN


@pytest.mark.django_db
def test_every_open_report_on_the_same_post_is_decided_together(public_post, inhabitant, outsider, beauvais):
    from parvis.moderation import services
    from tests.factories import make_user

    other = make_user("eden@example.org", display_name="Eden", home_commune=beauvais)
    first = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    services.report_create(reporter=other, kind="post", target_id=public_post.pk, reason="other", details="Pub.")
    services.decision_take(moderator=inhabitant, report=first, action="remove", reason="Publicité.")
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DECIDED}
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_dismissing_closes_the_report_with_a_logged_reason(client, public_post, inhabitant, outsider):
    from parvis.moderation import services

    report = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    client.force_login(inhabitant)
    client.post(f"/moderation/signalements/{report.pk}/decider/", {"action": "dismiss", "reason": "Rien d'anormal."})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert Post.objects.get(pk=public_post.pk).status == Status.PUBLISHED
    assert AuditEntry.objects.filter(verb=LogAction.REPORT_DISMISSED, reason="Rien d'anormal.").exists()
