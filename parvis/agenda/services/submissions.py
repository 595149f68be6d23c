"""The common agenda: an event proposed to a territory's agenda, and its editors' review."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.audit import audit
from parvis.core.permissions import can
from parvis.territories.models import Territory

from ..models import AgendaSubmission, AgendaVerb, Event, EventStatus, SubmissionStatus, TrustedPublisher


@transaction.atomic
def agenda_submit(*, user, event: Event, territory: Territory) -> AgendaSubmission:
    if not can(user, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers submit it to an agenda."))
    if event.status != EventStatus.PUBLISHED or not event.is_visible_to(None):
        raise ValidationError(_("Only published events of public spaces go into the common agenda."))
    trusted = TrustedPublisher.objects.filter(
        territory=territory, space__in=[event.space_id, event.organiser_space_id]
    ).exists()
    submission, created = AgendaSubmission.objects.get_or_create(
        event=event, territory=territory, defaults={"submitted_by": user}
    )
    if trusted and submission.status != SubmissionStatus.ACCEPTED:
        submission.status, submission.decided_at = SubmissionStatus.ACCEPTED, timezone.now()
        submission.save(update_fields=["status", "decided_at"])
    return submission


@transaction.atomic
def agenda_review(*, editor, submission: AgendaSubmission, accept: bool, reason: str = "") -> AgendaSubmission:
    submission = (
        AgendaSubmission.objects.select_for_update(of=("self",))
        .select_related("territory", "event")
        .get(pk=submission.pk)
    )
    if not can(editor, "agenda.review", submission.territory):
        raise PermissionDenied(_("You do not edit this agenda."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why the event is refused: its organisers will read it.")})
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.REFUSED
    submission.reason, submission.reviewed_by, submission.decided_at = reason[:500], editor, timezone.now()
    submission.save()
    # In the journal of the event's space: its administrators learn who reviewed their event, and why.
    audit(
        actor=editor,
        verb=AgendaVerb.ACCEPTED if accept else AgendaVerb.REFUSED,
        target=submission,
        label=submission.event.title,
        space=submission.event.space_id,
        reason=reason,
        details={"event": submission.event_id, "territory": submission.territory_id},
    )
    return submission


def agenda_targets(event: Event) -> list[Territory]:
    """The common agendas an event may be proposed to: its commune's, then its département's."""
    commune = event.commune
    if commune is None:
        return []
    targets = [commune]
    parent = commune.parent
    while parent is not None and parent.level not in ("departement", "region"):
        parent = parent.parent  # a commune below an arrondissement or similar level: climb to the département
    if parent is not None and parent.level == "departement":
        targets.append(parent)
    return targets
