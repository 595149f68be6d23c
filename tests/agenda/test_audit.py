"""Each review of the common agenda writes one audit entry, in the journal of the event's space."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parvis.agenda.models import AgendaVerb
from parvis.agenda.services.events import event_create
from parvis.agenda.services.submissions import agenda_review, agenda_submit
from parvis.core.audit import AuditEntry


@pytest.fixture
def submission(inhabitant, spaces, beauvais):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Brocante du quartier",
        start=start,
        end=start + timedelta(hours=4),
    )
    return agenda_submit(user=inhabitant, event=event, territory=beauvais)


def test_accepting_an_event_is_audited(submission, editor):
    agenda_review(editor=editor, submission=submission, accept=True)
    entry = AuditEntry.objects.get(verb=AgendaVerb.ACCEPTED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        editor,
        "agenda.agendasubmission",
        submission.pk,
        submission.event.space_id,
        "",
    )
    assert entry.target_label == "Brocante du quartier"
    assert entry.details == {"event": submission.event_id, "territory": submission.territory_id}


def test_refusing_an_event_is_audited_with_its_reason(submission, editor):
    agenda_review(editor=editor, submission=submission, accept=False, reason="Doublon de la brocante de mai")
    entry = AuditEntry.objects.get(verb=AgendaVerb.REFUSED)
    assert (entry.actor, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        editor,
        "agenda.agendasubmission",
        submission.pk,
        submission.event.space_id,
        "Doublon de la brocante de mai",
    )


def test_a_refusal_without_reason_writes_nothing(submission, editor):
    with pytest.raises(ValidationError):
        agenda_review(editor=editor, submission=submission, accept=False, reason=" ")
    assert not AuditEntry.objects.filter(verb__in=AgendaVerb.values).exists()
