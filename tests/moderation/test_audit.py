"""Each moderation act writes one audit entry naming the content acted upon and its space; the space's journal
shows the decisions, never who reported."""

from parvis.moderation import services
from parvis.moderation.models import Action, LogAction
from parvis.spaces.models import Role
from tests.factories import add_member, make_user, only_entry


def _report(public_post, reporter):
    return services.report_create(reporter=reporter, kind="post", target_id=public_post.pk, reason="harassment")


def test_taking_a_decision_is_audited_on_the_content_and_its_space(public_post, inhabitant, outsider):
    report = _report(public_post, outsider)
    decision = services.decision_take(
        moderator=inhabitant, report=report, action=Action.HIDE, reason="Propos blessants envers un voisin"
    )
    entry = only_entry(LogAction.DECISION_TAKEN)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        inhabitant,
        "posts.post",
        public_post.pk,
        public_post.space_id,
        "Propos blessants envers un voisin",
    )
    assert entry.details["decision"] == decision.pk and entry.details["actor_role"]


def test_dismissing_a_report_is_audited(public_post, inhabitant, outsider):
    report = _report(public_post, outsider)
    services.report_dismiss(moderator=inhabitant, report=report, reason="Rien d'anormal")
    entry = only_entry(LogAction.REPORT_DISMISSED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        inhabitant,
        "posts.post",
        public_post.pk,
        public_post.space_id,
        "Rien d'anormal",
    )
    assert entry.details["report"] == report.pk


def test_contesting_and_reviewing_are_audited(public_post, inhabitant, neighbour, outsider, beauvais):
    decision = services.decision_take(
        moderator=inhabitant, report=_report(public_post, outsider), action=Action.HIDE, reason="Hors charte"
    )
    services.decision_contest(author=neighbour, decision=decision, text="C'était une citation")
    contested = only_entry(LogAction.DECISION_CONTESTED)
    assert (contested.actor, contested.object_id, contested.reason) == (
        neighbour,
        public_post.pk,
        "C'était une citation",
    )

    second = make_user("second@example.org", display_name="Second regard", home_commune=beauvais)
    add_member(public_post.space, second, Role.MODERATOR)
    services.decision_review(reviewer=second, decision=decision, reverse=True, reason="Citation d'un roman")
    reversed_ = only_entry(LogAction.DECISION_REVERSED)
    assert (reversed_.actor, reversed_.kind, reversed_.object_id, reversed_.space_id, reversed_.reason) == (
        second,
        "posts.post",
        public_post.pk,
        public_post.space_id,
        "Citation d'un roman",
    )


def test_the_spaces_journal_shows_decisions_but_never_the_reporter(client, public_post, inhabitant, outsider):
    report = _report(public_post, outsider)
    services.decision_take(moderator=inhabitant, report=report, action=Action.HIDE, reason="Propos blessants")
    # The report itself is in the log (for the operator), with its reporter.
    assert only_entry(LogAction.REPORT_RECEIVED).actor == outsider
    client.force_login(inhabitant)
    page = client.get(f"/espaces/{public_post.space.slug}/journal/").content.decode()
    assert "Propos blessants" in page
    assert "Sacha" not in page  # the reporter
