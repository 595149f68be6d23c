from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parvis.core.links import absolute_url
from parvis.core.mail import compose, deliver, mail_task
from parvis.spaces.mail import send_about

from .models import Decision, Report


@mail_task
def send_statement(*, decision_id: int) -> str:
    """E-mail the statement of reasons to the person a decision is about. Idempotent: the decision is marked as
    sent before the e-mail leaves (and unmarked if sending fails, for the retry), and the e-mail itself is claimed
    by the pipeline, so a retried task never sends it twice."""
    with transaction.atomic():
        claimed = Decision.objects.filter(pk=decision_id, statement_sent_at__isnull=True).update(
            statement_sent_at=timezone.now()
        )
    decision = Decision.objects.select_related("author", "space").filter(pk=decision_id).first()
    if not claimed or decision is None:
        return "skipped"
    if decision.author is None or not decision.author.email:
        return "no recipient"
    try:
        # Through the one door of e-mails about content: sent only if its recipient may still open the decision.
        sent = send_about(
            to=decision.author,
            about=[decision],
            kind="moderation_statement",
            key=f"moderation.statement:decision:{decision.pk}",
            context={
                "decision": decision,
                "url": absolute_url(reverse("moderation:decision", kwargs={"decision_id": decision.pk})),
            },
        )
    except Exception:
        Decision.objects.filter(pk=decision_id).update(statement_sent_at=None)  # let the retry send it
        raise
    return "sent" if sent else "not readable"


@mail_task
def send_notice_receipt(*, report_id: int) -> str:
    """Acknowledge a notice to whoever sent it (DSA art. 16(4)): to the account, or to the address given without
    one. Claimed per notice by the mail pipeline, so a retry never sends it twice."""
    from .services import notifier_warned  # the services enqueue this task: imported when it runs

    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None:
        return "gone"
    to = report.reporter if report.reporter is not None else report.reporter_email
    message = compose(
        kind="moderation_notice_received",
        to=to,
        name=report.reporter_name if report.reporter is None else None,
        context={
            "report": report,
            "warned": notifier_warned(report),
            "transparency_url": absolute_url(reverse("moderation:transparency")),
        },
    )
    return "sent" if deliver(message, key=f"moderation.notice:{report.pk}") else "not sent"


def _notifier(report: Report):
    return report.reporter if report.reporter is not None else report.reporter_email


@mail_task
def send_dismissal(*, report_id: int) -> str:
    """Tell a notifier that their notice was dismissed, with the way to contest it once (DSA art. 16(5), 20): the
    notice's page for an account, a single-use link for an address given without one."""
    from .appeals import appeal_token  # appeals enqueue these tasks: imported when it runs

    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or not report.can_be_appealed:
        return "gone"
    if report.reporter is not None:
        path = reverse("moderation:appeal", kwargs={"report_id": report.pk})
    else:
        path = reverse("moderation:appeal_by_link", kwargs={"token": appeal_token(report)})
    message = compose(
        kind="moderation_dismissal",
        to=_notifier(report),
        name=report.reporter_name if report.reporter is None else None,
        context={"report": report, "url": absolute_url(path)},
    )
    return "sent" if deliver(message, key=f"moderation.dismissal:{report.pk}") else "not sent"


@mail_task
def send_appeal_outcome(*, report_id: int) -> str:
    """Tell the notifier what the review of their appeal found, and why."""
    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or not report.appeal_outcome:
        return "gone"
    message = compose(
        kind="moderation_appeal_outcome",
        to=_notifier(report),
        name=report.reporter_name if report.reporter is None else None,
        context={"report": report, "transparency_url": absolute_url(reverse("moderation:transparency"))},
    )
    return "sent" if deliver(message, key=f"moderation.appeal_outcome:{report.pk}") else "not sent"


@mail_task
def send_review_outcome(*, decision_id: int) -> str:
    """Tell the person a decision is about what the review of their contest found."""
    decision = Decision.objects.select_related("author", "space").filter(pk=decision_id).first()
    if decision is None or decision.reviewed_at is None or decision.author is None:
        return "gone"
    sent = send_about(
        to=decision.author,
        about=[decision],
        kind="moderation_review_outcome",
        key=f"moderation.review:decision:{decision.pk}",
        context={
            "decision": decision,
            "url": absolute_url(reverse("moderation:decision", kwargs={"decision_id": decision.pk})),
        },
    )
    return "sent" if sent else "not readable"
