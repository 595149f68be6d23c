"""Answering a procedure's form: what the sender and the service's agents rely on, and every bad input refused with
its own sentence, nothing saved half-way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.core.audit import AuditEntry
from parvis.counter.models import State
from parvis.notifications.models import Notification
from parvis.procedures.models import Answer, AnswerValue
from parvis.procedures.services import answer_assign, answer_note_add, answer_state_set, answer_submit
from tests.factories import make_user, png

from .conftest import good_values, pdf


def _submit(inhabitant, procedure, beauvais, values, files):
    return answer_submit(applicant=inhabitant, procedure=procedure, commune=beauvais, values=values, files=files)


def test_an_answer_lands_in_the_service_queue_with_its_file(
    canteen, inhabitant, beauvais, counter, django_capture_on_commit_callbacks
):
    procedure, fields = canteen
    with django_capture_on_commit_callbacks(execute=True):
        answer = _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: pdf()})
    assert answer.state == State.NEW and answer.space == counter["town_hall"]
    values = {value.label: value for value in answer.values.all()}
    assert values["École"].text == "Paul-Bert" and str(values["Premier jour"].date) == "2026-09-01"
    assert values["Justificatif de domicile"].file.name.endswith(".pdf")
    assert Answer.objects.handled_by(counter["agent"]).filter(pk=answer.pk).exists()
    assert Notification.objects.filter(
        recipient=counter["agent"], target_kind="procedure_answer", target_id=answer.pk
    ).exists()


def test_a_photo_is_reencoded_as_jpeg(canteen, inhabitant, beauvais):
    procedure, fields = canteen
    answer = _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: png()})
    assert answer.values.get(type="file").file.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ("missing", "child", "required"),
        ("not offered", "school", "options offered"),
        ("too early", "start", "on or after 1 September 2026"),
        ("too late", "start", "on or before 4 July 2027"),
        ("not a date", "start", "day/month/year"),
    ],
)
def test_bad_answers_are_refused_with_a_sentence_and_nothing_saved(
    canteen, inhabitant, beauvais, change, field, words, english
):
    procedure, fields = canteen
    values = good_values(fields)
    values[fields[field].key] = {
        "missing": "",
        "not offered": "École privée",
        "too early": "2026-08-31",
        "too late": "05/07/2027",
        "not a date": "demain",
    }[change]
    with pytest.raises(ValidationError) as error:
        _submit(inhabitant, procedure, beauvais, values, {fields["proof"].key: pdf()})
    assert words in " ".join(error.value.message_dict[fields[field].key])
    assert not Answer.objects.exists() and not AnswerValue.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_and_leaves_nothing(canteen, inhabitant, beauvais, english):
    procedure, fields = canteen
    script = SimpleUploadedFile("justificatif.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: script})
    assert "neither a PDF nor a photo" in " ".join(error.value.message_dict[fields["proof"].key])
    assert not Answer.objects.exists() and not AnswerValue.objects.exists()


def test_a_missing_file_is_named(canteen, inhabitant, beauvais, english):
    procedure, fields = canteen
    with pytest.raises(ValidationError) as error:
        _submit(inhabitant, procedure, beauvais, good_values(fields), {})
    assert "Attach the file" in " ".join(error.value.message_dict[fields["proof"].key])


def test_every_error_comes_at_once(canteen, inhabitant, beauvais):
    procedure, fields = canteen
    with pytest.raises(ValidationError) as error:
        _submit(inhabitant, procedure, beauvais, {}, {})
    assert {fields[name].key for name in ("child", "school", "start", "proof")} <= set(error.value.message_dict)


def test_a_procedure_of_another_commune_is_refused(canteen, outsider, compiegne, english):
    procedure, fields = canteen
    with pytest.raises(ValidationError) as error:
        answer_submit(applicant=outsider, procedure=procedure, commune=compiegne, values=good_values(fields), files={})
    assert "not offered in your commune" in error.value.message_dict["commune"][0]


def test_the_agent_follows_it_up_and_the_sender_is_told_at_each_step(
    canteen, inhabitant, beauvais, counter, django_capture_on_commit_callbacks
):
    procedure, fields = canteen
    answer = _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: pdf()})
    agent = counter["agent"]
    with django_capture_on_commit_callbacks(execute=True):
        answer_state_set(agent=agent, answer=answer, state=State.ACKNOWLEDGED, message="Dossier reçu.")
        answer_assign(agent=agent, answer=answer, assignee=agent)
        answer_note_add(agent=agent, answer=answer, text="Vérifier l'assurance.")
        answer_state_set(agent=agent, answer=answer, state=State.RESOLVED, message="Inscription validée.")
    answer.refresh_from_db()
    assert answer.state == State.RESOLVED and answer.assignee == agent
    told = Notification.objects.filter(recipient=inhabitant, target_kind="procedure_update")
    assert told.count() == 2
    verbs = {entry.verb for entry in AuditEntry.objects.filter(object_id=answer.pk)}
    assert {"procedure_answer_state_changed", "procedure_answer_assigned", "procedure_answer_note_added"} <= verbs
    with pytest.raises(ValidationError):
        answer_state_set(agent=agent, answer=answer, state=State.ACKNOWLEDGED)


def test_only_the_service_agents_handle_it(canteen, inhabitant, beauvais, counter):
    procedure, fields = canteen
    answer = _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: pdf()})
    for stranger in (inhabitant, counter["road_agent"], counter["compiegne_agent"]):
        with pytest.raises(PermissionDenied):
            answer_state_set(agent=stranger, answer=answer, state=State.ACKNOWLEDGED)


def test_an_answer_is_read_by_its_sender_and_the_agents_only(canteen, inhabitant, neighbour, beauvais, counter):
    procedure, fields = canteen
    answer = _submit(inhabitant, procedure, beauvais, good_values(fields), {fields["proof"].key: pdf()})
    readers = {
        person
        for person in (inhabitant, neighbour, counter["agent"], counter["road_agent"], None)
        if answer.is_visible_to(person)
    }
    assert readers == {inhabitant, counter["agent"]}
    other = make_user("autre@example.org", display_name="Autre", home_commune=beauvais)
    assert not AnswerValue.objects.readable_by(other).exists()
