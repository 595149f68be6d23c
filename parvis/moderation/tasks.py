from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from parvis.spaces.mail import send_about


@task()
def send_statement(*, decision_id: int) -> str:
    """E-mail the statement of reasons to the person a decision is about. Idempotent: the decision is marked as
    sent before the e-mail leaves (and unmarked if sending fails), so a retried task never sends it twice."""
    from .models import Decision

    with transaction.atomic():
        claimed = Decision.objects.filter(pk=decision_id, statement_sent_at__isnull=True).update(
            statement_sent_at=timezone.now()
        )
    decision = Decision.objects.select_related("author", "space").filter(pk=decision_id).first()
    if not claimed or decision is None:
        return "skipped"
    if decision.author is None or not decision.author.email:
        return "no recipient"
    url = settings.PARVIS_BASE_URL + reverse("moderation:decision", kwargs={"decision_id": decision.pk})
    with translation.override(settings.LANGUAGE_CODE):
        context = {"decision": decision, "url": url, "site_name": settings.PARVIS_SITE_NAME}
        subject = render_to_string("moderation/email/statement_subject.txt", context).strip()
        body = render_to_string("moderation/email/statement_body.txt", context)
    try:
        # Through the one door of e-mails about content: sent only if its recipient may still open the decision.
        sent = send_about(
            to=decision.author, about=[decision], subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body
        )
    except Exception:
        Decision.objects.filter(pk=decision_id).update(statement_sent_at=None)  # let the retry send it
        raise
    return "sent" if sent else "not readable"
