"""The follow-up: agents acknowledge, work on, resolve or refuse; the reporter and the "me too" people are told at
each step; a non-agent, or an agent of another commune, changes nothing; every act is in the audit log."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.core.audit import AuditEntry
from parvis.counter.figures import figures_by_category
from parvis.counter.models import Report, ReportNote, State
from parvis.counter.services import (
    report_assign,
    report_note_add,
    report_state_set,
    report_support,
    reports_state_set,
)
from parvis.notifications.models import EmailFrequency, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_the_reporter_is_told_of_each_step(report, counter, inhabitant, neighbour, django_capture_on_commit_callbacks):
    report_support(user=neighbour, report=report)
    NotificationPreference.objects.update_or_create(
        user=inhabitant, defaults={"email_frequency": EmailFrequency.IMMEDIATE}
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_state_set(agent=counter["agent"], report=report, state=State.ACKNOWLEDGED, message="Pris en compte.")
    with django_capture_on_commit_callbacks(execute=True):
        report_state_set(agent=counter["agent"], report=report, state=State.RESOLVED, message="Ampoule changée.")
    report.refresh_from_db()
    assert report.state == State.RESOLVED and report.acknowledged_at and report.closed_at
    told = Notification.objects.filter(recipient=inhabitant, target_kind="counter_update")
    assert sorted(told.values_list("kind", flat=True)) == ["report_acknowledged", "report_resolved"]
    texts = [n.text for n in told]
    assert any("Beauvais a pris en compte votre signalement" in text for text in texts)
    assert Notification.objects.filter(recipient=neighbour, kind="report_resolved").exists()
    # The agent is never told of their own act.
    assert not Notification.objects.filter(recipient=counter["agent"], target_kind="counter_update").exists()
    # By e-mail too, as they chose.
    emails = [email for email in mail.outbox if inhabitant.email in email.to]
    assert len(emails) == 2 and "a pris en compte votre signalement" in emails[0].subject + emails[0].body
    assert list(report.updates.values_list("state", flat=True)) == [State.NEW, State.ACKNOWLEDGED, State.RESOLVED]


def test_the_agents_are_told_of_a_new_report(report, counter):
    assert Notification.objects.filter(recipient=counter["agent"], kind="new_report_for_my_service").exists()
    assert not Notification.objects.filter(recipient=counter["road_agent"], kind="new_report_for_my_service").exists()


def test_a_non_agent_cannot_change_a_state(report, inhabitant, neighbour):
    for person in (inhabitant, neighbour):
        with pytest.raises(PermissionDenied):
            report_state_set(agent=person, report=report, state=State.RESOLVED)
    report.refresh_from_db()
    assert report.state == State.NEW


def test_an_agent_of_another_commune_cannot_handle_this_queue(report, counter):
    for other in (counter["compiegne_agent"], counter["road_agent"]):
        with pytest.raises(PermissionDenied):
            report_state_set(agent=other, report=report, state=State.ACKNOWLEDGED)
        with pytest.raises(PermissionDenied):
            report_note_add(agent=other, report=report, text="Vu")
    assert not Report.objects.handled_by(counter["compiegne_agent"]).exists()
    assert list(Report.objects.handled_by(counter["agent"])) == [report]


def test_moves_follow_the_lifecycle_and_a_refusal_says_why(report, counter):
    with pytest.raises(ValidationError) as error:
        report_state_set(agent=counter["agent"], report=report, state=State.REFUSED)
    assert "pourquoi" in error.value.message_dict["message"][0]
    report_state_set(agent=counter["agent"], report=report, state=State.RESOLVED)
    with pytest.raises(ValidationError):
        report_state_set(agent=counter["agent"], report=report, state=State.ACKNOWLEDGED)
    with pytest.raises(ValidationError):
        report_state_set(agent=counter["agent"], report=report, state="bogus")


def test_assignment_notes_and_states_are_audited(report, counter, inhabitant):
    agent = counter["agent"]
    report_assign(agent=agent, report=report, assignee=agent)
    with pytest.raises(ValidationError):
        report_assign(agent=agent, report=report, assignee=inhabitant)
    report_note_add(agent=agent, report=report, text="Voir avec Enedis, armoire 14.")
    report_state_set(agent=agent, report=report, state=State.IN_PROGRESS, message="Intervention prévue.")
    verbs = set(AuditEntry.objects.filter(kind="counter.report", object_id=report.pk).values_list("verb", flat=True))
    assert verbs == {"report_assigned", "report_note_added", "report_state_changed"}
    # The note's words are not copied into the journal.
    assert not AuditEntry.objects.filter(reason__contains="Enedis").exists()
    assert ReportNote.objects.get(report=report).author == agent


def test_bulk_change_is_all_or_nothing(report, counter, inhabitant, beauvais):
    from parvis.counter.services import report_create

    second = report_create(
        reporter=inhabitant, category=counter["dumping"], description="Sacs", commune=beauvais, address="rue"
    )
    roads = report_create(
        reporter=inhabitant, category=counter["pothole"], description="Trou", commune=beauvais, address="RD 1001"
    )
    with pytest.raises(PermissionDenied):
        reports_state_set(agent=counter["agent"], reports=[report, second, roads], state=State.ACKNOWLEDGED)
    assert set(Report.objects.values_list("state", flat=True)) == {State.NEW}
    assert reports_state_set(agent=counter["agent"], reports=[report.pk, second.pk], state=State.ACKNOWLEDGED) == 2
    assert set(Report.objects.exclude(pk=roads.pk).values_list("state", flat=True)) == {State.ACKNOWLEDGED}


def test_figures_per_category(report, counter):
    report_state_set(agent=counter["agent"], report=report, state=State.RESOLVED)
    figures = {row.category: row for row in figures_by_category(Report.objects.handled_by(counter["agent"]))}
    light = figures["Éclairage public"]
    assert (light.total, light.open) == (1, 0)
    assert light.to_acknowledge is not None and light.to_resolve is not None


def test_my_data_holds_my_reports_and_deleting_my_account_leaves_them_nameless(report, counter, inhabitant, neighbour):
    from parvis.rights.collect import personal_data
    from parvis.rights.erase import account_erase

    report_support(user=neighbour, report=report)
    assert personal_data(inhabitant)["reports_to_the_town_hall"][0]["description"] == report.description
    assert personal_data(neighbour)["reports_i_follow"][0]["report_id"] == report.pk
    account_erase(user=inhabitant, keep_contributions=False)
    report.refresh_from_db()  # followed by a neighbour: kept for the public service, without its reporter
    assert report.reporter is None and report.anonymous
    account_erase(user=neighbour, keep_contributions=True)
    report.refresh_from_db()
    assert report.supporter_count == 0
