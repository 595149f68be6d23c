"""The internal complaint-handling system (DSA art. 20): the notifier whose notice was dismissed, and the author
whose content was removed or hidden, contest the decision once, within APPEAL_DAYS, with a text.

- The author contests a decision on its page (`services.decision_contest`); a notifier contests a dismissal on the
  notice's page when signed in, or through the single-use link e-mailed to the address they gave
  (`appeal_token`): the link names the notice and its dismissal, and stops working once the appeal is made.
- The appeal waits in the moderation queue for a moderator other than the one who decided, when another may handle
  it (`may_review`); alone, the first moderator reviews it rather than leave it unanswered.
- The review is audited, and its outcome e-mailed to the person who appealed. A dismissal reversed becomes a
  decision (hide or remove), with its own statement of reasons to the author, who may contest it in turn.
"""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    APPEAL_DAYS,
    Action,
    AppealOutcome,
    Decision,
    LogAction,
    Report,
    ReportStatus,
)
from .services import _apply, _clean_text, _log, _report_move, actions_for, may_review, role_label
from .tasks import send_appeal_outcome, send_statement

_SALT = "parvis.moderation.appeal"


# --- the notifier's link --------------------------------------------------------------------------------------------


def appeal_token(report: Report) -> str:
    """The secret part of the link e-mailed to a notifier: it names the notice and the moment of its dismissal, so
    that it opens nothing else and nothing once the appeal is made or the time is over."""
    return signing.dumps({"r": report.pk, "h": report.handled_at.isoformat()}, salt=_SALT, compress=True)


def report_for_token(token: str) -> Report | None:
    """The dismissed notice a link names, or None when the link is altered, too old or already used."""
    try:
        values = signing.loads(token, salt=_SALT, max_age=timedelta(days=APPEAL_DAYS))
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(values, dict):
        return None
    report = Report.objects.filter(pk=values.get("r")).first()
    if report is None or report.handled_at is None or report.handled_at.isoformat() != values.get("h"):
        return None
    return report if report.can_be_appealed else None


# --- the moves ------------------------------------------------------------------------------------------------------


@transaction.atomic
def report_appeal(*, report: Report, text: str, notifier=None, by_link: bool = False) -> Report:
    """The notifier contests the dismissal of their notice: signed in as its notifier, or through the link e-mailed
    to the address they gave (`by_link`, checked by `report_for_token`)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not by_link and (notifier is None or report.reporter_id != notifier.pk):
        raise PermissionDenied(_("Only the person who sent this notice can contest its dismissal."))
    if report.appealed_at is not None:
        raise ValidationError(_("You have already contested this dismissal: it can be contested only once."))
    if not report.can_be_appealed:
        raise ValidationError(
            _("This notice can no longer be contested: a dismissal is contested within six months.")
            if report.dismissed
            else _("Only a dismissed notice can be contested.")
        )
    text = _clean_text(text, field="text", required=True, message=_("Explain why you contest this dismissal."))
    _report_move(report, ReportStatus.CONTESTED)
    report.appeal_text, report.appealed_at = text, timezone.now()
    report.save(update_fields=["status", "appeal_text", "appealed_at"])
    _log(actor=notifier, action=LogAction.NOTICE_APPEALED, target=report, report=report, reason=text)
    return report


@transaction.atomic
def report_appeal_review(*, reviewer, report: Report, action: str, reason: str) -> Report:
    """Uphold the dismissal (`action` "uphold"), or reverse it by hiding or removing the content. Audited; the
    notifier is told the outcome, the author receives the new decision's statement of reasons."""
    report = Report.objects.select_for_update(of=("self",)).select_related("space").get(pk=report.pk)
    if report.status != ReportStatus.CONTESTED or report.appealed_at is None or report.appeal_reviewed_at:
        raise ValidationError(_("Only a contested dismissal waiting for review can be reviewed."))
    if not may_review(user=reviewer, target=report, first_id=report.handled_by_id):
        raise PermissionDenied(_("A different moderator must review this dismissal."))
    reverse = action != "uphold"
    if reverse and action not in actions_for(report.kind) or action == Action.SUSPEND:
        raise ValidationError({"action": _("Choose to uphold the dismissal, to hide the content or to remove it.")})
    reason = _clean_text(reason, field="reason", required=True, message=_("Give the reason for your review."))
    role = role_label(user=reviewer, target=report)
    report.appeal_reviewer, report.appeal_reason, report.appeal_reviewed_at = reviewer, reason, timezone.now()
    report.appeal_outcome = AppealOutcome.REVERSED if reverse else AppealOutcome.UPHELD
    decision = None
    if reverse:
        decision = Decision(
            kind=report.kind,
            target_id=report.target_id,
            space_id=report.space_id,
            author_id=report.author_id,
            action=action,
            category=report.reason,
            reason=reason,
            moderator=reviewer,
            moderator_role=role,
        )
        _apply(decision)
        decision.save()
        _log(
            actor=reviewer,
            action=LogAction.DECISION_TAKEN,
            target=decision,
            decision=decision,
            reason=reason,
            role=role,
        )
        report.decision = decision
        report.status = ReportStatus.DECIDED  # a dismissal reversed is a decision now, which the author may contest
    else:
        _report_move(report, ReportStatus.CLOSED)
    report.save(
        update_fields=[
            "status",
            "decision",
            "appeal_reviewer",
            "appeal_reason",
            "appeal_reviewed_at",
            "appeal_outcome",
        ]
    )
    _log(
        actor=reviewer,
        action=LogAction.APPEAL_REVERSED if reverse else LogAction.APPEAL_UPHELD,
        target=report,
        report=report,
        decision=decision,
        reason=reason,
        role=role,
    )
    transaction.on_commit(lambda: send_appeal_outcome.enqueue(report_id=report.pk))
    if decision is not None:
        transaction.on_commit(lambda: send_statement.enqueue(decision_id=decision.pk))
    return report
