"""Every moderation write: reports, decisions, contests, reviews. Each act writes an audit log entry.

Lifecycles:
- a report: open → decided → contested → closed (or open → closed when dismissed), one function per move;
- a decision: in force → contested → upheld or reversed (a reversal restores the content).
"""

import functools
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.core.audit import audit
from parvis.core.network import address_key
from parvis.core.permissions import can, roles_changed
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import MembershipStatus, Role

from .models import (
    Action,
    Decision,
    DecisionStatus,
    LogAction,
    Report,
    ReportReason,
    ReportStatus,
    Target,
    is_operator_moderator,
)
from .tasks import send_dismissal, send_notice_receipt, send_review_outcome, send_statement

REPORTS_PER_HOUR = 10
# Notices sent without an account, per address (an IPv6 /64): a visitor's notices, not a script's.
ANONYMOUS_REPORTS_PER_HOUR = 5
# Repeated unfounded notices (DSA art. 23): a warning after UNFOUNDED_WARNING notices dismissed within
# UNFOUNDED_DAYS, then no notice for SUSPENSION_DAYS after the last one once there are UNFOUNDED_LIMIT.
UNFOUNDED_WARNING = 3
UNFOUNDED_LIMIT = 5
UNFOUNDED_DAYS = 180
SUSPENSION_DAYS = 30
TEXT_LIMIT = 2000
# Codenames of the permissions that make someone handle anything reported (the operator and its moderation team).
_HANDLERS_OF_ANYTHING = ("moderate_anything", "operate")


def actions_for(kind: str) -> frozenset:
    """Which actions fit which target, as its kind says: content is hidden or removed; a space or a person is
    suspended."""
    content_kind = kinds.get(kind)
    return content_kind.actions if content_kind else frozenset()


# The moves a report may make; anything else is refused.
REPORT_MOVES = {
    ReportStatus.OPEN: {ReportStatus.DECIDED, ReportStatus.CLOSED},
    ReportStatus.DECIDED: {ReportStatus.CONTESTED, ReportStatus.CLOSED},
    ReportStatus.CONTESTED: {ReportStatus.CLOSED},
    # A dismissed notice contested by its notifier (appeals.py).
    ReportStatus.CLOSED: {ReportStatus.CONTESTED},
}


# --- reads used by the services and the views -------------------------------------------------------------------


def report_target_resolve(*, user, kind: str, target_id: int) -> Target:
    """The target as `user` (None or anonymous: a visitor) may see it, as an unsaved Target-like Report; Http404
    when they cannot see it, so that reporting never confirms that private content exists. The kind's `visible_to`
    decides (the registry of content kinds): a post of a space one may read, a message of one's conversation, a
    profile one may open…; for a visitor, what anyone may read."""
    content_kind = kinds.get(kind)
    if content_kind is None or not content_kind.actions:
        raise Http404
    # A visitor reads as every page's visitor does (kinds answer for AnonymousUser, as for request.user).
    viewer = user if user is not None else AnonymousUser()
    obj = content_kind.visible_to(viewer).filter(pk=target_id).first()
    if obj is None:
        raise Http404
    report = Report(kind=kind, target_id=obj.pk)
    report.target = obj
    report.space = content_kind.space(obj)
    report.author = content_kind.author(obj)
    return report


def can_handle(*, user, target: Target) -> bool:
    """May this person decide on this target? The operator's team on anything; a space's moderators on content of
    their space. Nobody on a matter about themselves."""
    if not (user and user.is_authenticated) or (target.author_id and target.author_id == user.pk):
        return False
    if is_operator_moderator(user):
        return True
    return target.space_id is not None and can(user, "space.moderate", target)


def _another_handler_exists(*, target: Target, first_id: int | None) -> bool:
    """Whether someone other than the first moderator (and the person concerned) may handle this target: the
    operator's team, or another moderator of the target's space. At most a few candidates are asked `can_handle`."""
    in_space = (
        Q(
            memberships__space_id=target.space_id,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=[Role.OWNER, Role.ADMIN, Role.MODERATOR],
        )
        if target.space_id
        else Q(pk__in=[])
    )
    candidates = (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename__in=_HANDLERS_OF_ANYTHING)
            | Q(groups__permissions__codename__in=_HANDLERS_OF_ANYTHING)
            | in_space
        )
        .exclude(pk__in=[pk for pk in (first_id, target.author_id) if pk])
        .distinct()
    )
    return any(can_handle(user=candidate, target=target) for candidate in candidates[:20])


def may_review(*, user, target: Target, first_id: int | None) -> bool:
    """May `user` review an appeal against what `first_id` decided? Someone who may handle the target, other than
    the first moderator unless nobody else may."""
    if not can_handle(user=user, target=target):
        return False
    return first_id != user.pk or not _another_handler_exists(target=target, first_id=first_id)


def role_label(*, user, target: Target) -> str:
    """How the author sees who decided: a role, not a name."""
    if target.space_id and can(user, "space.moderate", target):
        return _("a moderator of the space “%(space)s”") % {"space": target.space.name}
    return _("the moderation team of the operator")


def _log(*, actor, action: str, target: Target, reason: str = "", report=None, decision=None, role: str = "") -> None:
    """The audit entry names the content acted upon (its model and id, even once it is deleted), the report or
    decision in its details, and the space whose officers answer for it (for a space itself, that space)."""
    content_kind = target.content_kind
    details = {"report": report.pk if report else None, "decision": decision.pk if decision else None}
    if role:
        details["actor_role"] = str(role)
    audit(
        actor=actor,
        verb=action,
        # The model's label, as every other audit entry names its target; the registry's word if the kind is gone.
        kind=content_kind.model._meta.label_lower if content_kind else target.kind,
        id=target.target_id,
        label=target.target_label,
        space=target.space_id or (target.target_id if target.kind == "space" else None),
        reason=reason,
        details={key: value for key, value in details.items() if value is not None},
    )


def _clean_text(text: str, *, field: str, required: bool, message: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: message})
    if len(text) > TEXT_LIMIT:
        message = _("The text is too long (%(length)s characters; at most %(limit)s).")
        raise ValidationError({field: message % {"length": len(text), "limit": TEXT_LIMIT}})
    return text


# --- reports ------------------------------------------------------------------------------------------------------


def _report_move(report: Report, to: str) -> None:
    if to not in REPORT_MOVES[report.status]:
        raise ValidationError(
            _("This report cannot go from “%(from)s” to “%(to)s”.") % {"from": report.status, "to": to}
        )
    report.status = to


def _notifier_standing(*, reporter, email: str) -> tuple[int, object]:
    """(how many of this notifier's notices were found unfounded in the last UNFOUNDED_DAYS, the end of their
    suspension from notifying or None). DSA art. 23: after UNFOUNDED_WARNING such notices the notifier is warned,
    after UNFOUNDED_LIMIT they may not notify for SUSPENSION_DAYS after the last one."""
    since = timezone.now() - timedelta(days=UNFOUNDED_DAYS)
    moments = list(
        Report.objects.from_notifier(reporter=reporter, email=email)
        .unfounded()
        .filter(handled_at__gte=since)
        .values_list("handled_at", flat=True)
    )
    until = max(moments) + timedelta(days=SUSPENSION_DAYS) if len(moments) >= UNFOUNDED_LIMIT else None
    return len(moments), until if until is not None and until > timezone.now() else None


def notifier_warned(report: Report) -> bool:
    """Whether the confirmation of this notice warns its notifier of their unfounded notices."""
    count, _until = _notifier_standing(reporter=report.reporter, email=report.reporter_email)
    return count >= UNFOUNDED_WARNING


def is_trusted_flagger(user) -> bool:
    return can(user, "moderation.notify_first")


@transaction.atomic
def report_create(
    *,
    reporter: User | None,
    kind: str,
    target_id: int,
    reason: str,
    details: str = "",
    name: str = "",
    email: str = "",
    ip: str = "",
    good_faith: bool = True,
) -> Report:
    """A notice of what the notifier can see, once per target and notifier; Http404 for what they cannot see.

    Signed in, the account is the notifier. Without one (`reporter` None), anyone notifies public content with
    their name, their e-mail address and an explanation (DSA art. 16), within ANONYMOUS_REPORTS_PER_HOUR per
    address. Every notifier declares their good faith. A notifier whose notices were often found unfounded is
    suspended from notifying for a while (`_notifier_standing`). The notifier receives an acknowledgement."""
    content_kind = kinds.get(kind)
    if content_kind is None or not content_kind.actions:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    report = report_target_resolve(user=reporter, kind=kind, target_id=target_id)
    if reporter is not None and report.author_id == reporter.pk:
        raise ValidationError({"target": _("You cannot report yourself or your own content.")})
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choose a reason from the list.")
    try:
        details = _clean_text(
            details,
            field="details",
            required=reason == ReportReason.OTHER or reporter is None,
            message=_("Say in a few words what is wrong, and why it is illegal if it is."),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if reporter is None:
        name, email = clean_name(name or "")[:120], (email or "").strip().lower()
        if not name:
            errors["name"] = _("Give your name: a notice without an account needs it.")
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Give an e-mail address where we can confirm your notice, like nom@exemple.fr.")
    else:
        name, email = "", ""
    if not good_faith:
        errors["good_faith"] = _("Confirm that your notice is accurate and made in good faith.")
    if errors:
        raise ValidationError(errors)
    _count, suspended_until = _notifier_standing(reporter=reporter, email=email)
    if suspended_until is not None:
        raise ValidationError(
            {
                "target": _(
                    "Too many of your recent notices were found unfounded: you may send notices again from "
                    "%(date)s. Moderators still read the notices of everyone else."
                )
                % {"date": date_format(timezone.localtime(suspended_until), "DATE_FORMAT")}
            }
        )
    if Report.objects.about(report).from_notifier(reporter=reporter, email=email).exists():
        raise ValidationError({"target": _("You have already reported this. The moderators have your report.")})
    if reporter is not None:
        check_rate(f"report:{reporter.pk}", REPORTS_PER_HOUR, 60 * 60)
    else:
        check_rate(f"report-ip:{address_key(ip or 'unknown')}", ANONYMOUS_REPORTS_PER_HOUR, 60 * 60)
    report.reporter, report.reason, report.details = reporter, reason, details
    report.reporter_name, report.reporter_email = name, email
    report.trusted = is_trusted_flagger(reporter)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # a double submission: the first one counted
        raise ValidationError(
            {"target": _("You have already reported this. The moderators have your report.")}
        ) from error
    _log(actor=reporter, action=LogAction.REPORT_RECEIVED, target=report, report=report, reason=reason)
    transaction.on_commit(lambda: send_notice_receipt.enqueue(report_id=report.pk))
    return report


def report_decide(*, report: Report, decision: Decision) -> None:
    _report_move(report, ReportStatus.DECIDED)
    report.decision = decision
    report.handled_at = report.handled_at or timezone.now()
    report.save(update_fields=["status", "decision", "handled_at"])


def report_contest(*, report: Report) -> None:
    _report_move(report, ReportStatus.CONTESTED)
    report.save(update_fields=["status"])


def report_close(*, report: Report) -> None:
    _report_move(report, ReportStatus.CLOSED)
    # Closed while open: dismissed, and so handled now (a decided report was handled when decided).
    report.handled_at = report.handled_at or timezone.now()
    report.save(update_fields=["status", "handled_at"])


@transaction.atomic
def report_dismiss(*, moderator: User, report: Report, reason: str) -> None:
    """Nothing wrong: close the open reports on this target, with a reason kept in the log."""
    if not can_handle(user=moderator, target=report):
        raise PermissionDenied(_("You do not moderate this content."))
    reason = _clean_text(reason, field="reason", required=True, message=_("Give the reason for your decision."))
    reports = list(Report.objects.about(report).open().select_for_update())
    if not reports:
        raise ValidationError(_("This report is already handled."))
    role = role_label(user=moderator, target=report)
    for each in reports:
        report_close(report=each)
        each.handled_by = moderator
        each.save(update_fields=["handled_by"])
        _log(actor=moderator, action=LogAction.REPORT_DISMISSED, target=each, report=each, reason=reason, role=role)
        # The notifier learns the outcome, with the way to contest it (DSA art. 16(5) and 20).
        transaction.on_commit(functools.partial(send_dismissal.enqueue, report_id=each.pk))


# --- decisions ----------------------------------------------------------------------------------------------------


def _apply(decision: Decision) -> None:
    """Hide, remove or suspend the target through its own app's services (the kind's `moderate`), keeping its
    previous state so that a reversal can restore it."""
    content_kind = kinds.get(decision.kind)
    target = content_kind.objects().filter(pk=decision.target_id).first()
    if target is None:
        raise ValidationError(_("This content no longer exists."))
    decision.previous_state = content_kind.moderate(target, decision.action) or ""
    # The kinds change the status with an UPDATE under their row lock: the hosting log is told here, once for all.
    kinds.changed_in_bulk(content_kind.model, [target.pk], gone=decision.action == Action.REMOVE)


def _restore(decision: Decision) -> None:
    content_kind = kinds.get(decision.kind)
    if content_kind is not None and content_kind.restore is not None:
        content_kind.restore(decision.target_id, decision.action, decision.previous_state)
        kinds.changed_in_bulk(content_kind.model, [decision.target_id])


@transaction.atomic
def decision_take(*, moderator: User, report: Report, action: str, reason: str) -> Decision:
    """Act on an open report. Every open report on the same target is decided by the same decision, and the
    author receives a statement of reasons by e-mail after commit."""
    if not can_handle(user=moderator, target=report):
        raise PermissionDenied(_("You do not moderate this content."))
    if action not in actions_for(report.kind):
        raise ValidationError({"action": _("This action does not apply to this kind of report.")})
    if action == Action.SUSPEND and not is_operator_moderator(moderator):
        raise PermissionDenied(_("Only the operator's moderation team suspends a space or a person."))
    reason = _clean_text(reason, field="reason", required=True, message=_("Give the reason for your decision."))
    reports = list(Report.objects.about(report).open().select_for_update().order_by("created_at"))
    if not reports:
        raise ValidationError(_("This report is already handled."))
    role = role_label(user=moderator, target=report)
    decision = Decision(
        kind=report.kind,
        target_id=report.target_id,
        space_id=report.space_id,
        author_id=report.author_id,
        action=action,
        category=reports[0].reason,
        reason=reason,
        moderator=moderator,
        moderator_role=role,
    )
    _apply(decision)
    decision.save()
    # A space suspended (or, below, restored) gives its members no role any more: forget the roles read earlier.
    roles_changed()
    for each in reports:
        report_decide(report=each, decision=decision)
    _log(actor=moderator, action=LogAction.DECISION_TAKEN, target=decision, decision=decision, reason=reason, role=role)
    transaction.on_commit(lambda: send_statement.enqueue(decision_id=decision.pk))
    return decision


@transaction.atomic
def decision_contest(*, author: User, decision: Decision, text: str) -> Decision:
    """The author contests a decision once, with their reasons; another moderator then reviews it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.author_id != author.pk:
        raise PermissionDenied(_("Only the person concerned can contest this decision."))
    if decision.contested_at is not None:
        raise ValidationError(_("This decision has already been contested: it can be contested only once."))
    if not decision.can_be_contested:
        raise ValidationError(_("This decision can no longer be contested: a decision is contested within six months."))
    text = _clean_text(text, field="text", required=True, message=_("Explain why you contest this decision."))
    decision.status = DecisionStatus.CONTESTED
    decision.contest_text = text
    decision.contested_at = timezone.now()
    decision.save(update_fields=["status", "contest_text", "contested_at"])
    for each in decision.reports.filter(status=ReportStatus.DECIDED).select_for_update():
        report_contest(report=each)
    _log(actor=author, action=LogAction.DECISION_CONTESTED, target=decision, decision=decision, reason=text)
    return decision


@transaction.atomic
def decision_review(*, reviewer: User, decision: Decision, reverse: bool, reason: str) -> Decision:
    """Someone other than the first moderator upholds or reverses a contested decision; reversing restores the
    content. Either way the reports are closed."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.CONTESTED:
        raise ValidationError(_("Only a contested decision can be reviewed."))
    if not can_handle(user=reviewer, target=decision):
        raise PermissionDenied(_("You do not moderate this content."))
    if not may_review(user=reviewer, target=decision, first_id=decision.moderator_id):
        raise PermissionDenied(_("A different moderator must review this decision."))
    reason = _clean_text(reason, field="reason", required=True, message=_("Give the reason for your review."))
    if reverse:
        _restore(decision)
    decision.status = DecisionStatus.REVERSED if reverse else DecisionStatus.UPHELD
    decision.reviewer = reviewer
    decision.reviewer_role = role_label(user=reviewer, target=decision)
    decision.review_reason = reason
    decision.reviewed_at = timezone.now()
    decision.save(update_fields=["status", "reviewer", "reviewer_role", "review_reason", "reviewed_at"])
    roles_changed()
    for each in decision.reports.exclude(status=ReportStatus.CLOSED).select_for_update():
        report_close(report=each)
    _log(
        actor=reviewer,
        action=LogAction.DECISION_REVERSED if reverse else LogAction.DECISION_UPHELD,
        target=decision,
        decision=decision,
        reason=reason,
        role=decision.reviewer_role,
    )
    transaction.on_commit(lambda: send_review_outcome.enqueue(decision_id=decision.pk))
    return decision


def charter_accept(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(charter_accepted_at=timezone.now())
