"""How every e-mail of Parvis is made and leaves: one pipeline.

1. `compose(kind=…, to=…, context=…)` renders `templates/emails/<kind>.txt` (subject and text, which extend
   `emails/base.txt`) and `emails/<kind>.html` (extending `emails/base.html`), in the recipient's language, with the
   site's name and address and the person's display name filled in ("Hello," alone when the name is unknown: never
   an e-mail address nor a made-up "Inhabitant #304"). Links come from `core.links.absolute_url`.
2. `deliver(message, key=…)` claims the e-mail (one `MailClaim` row per key and address) before it leaves, so that a
   task run twice sends once; when sending fails, the claim is removed and `MailNotSent` raised, so that a retry
   sends it.
3. `@mail_task` makes a task of a function that sends: when it raises `MailNotSent`, the same task is enqueued again
   (later, where the back-end can defer), up to `PARVIS_MAIL_ATTEMPTS` runs.

E-mails about content add one step before these: `spaces.mail.send_about` asks, at sending time, whether the
recipient may still read what the e-mail speaks of. Account e-mails (no content) call `compose` and `deliver`
directly (`accounts.adapter`, `accounts.tasks`).
"""

import functools
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .links import absolute_url
from .models import MailClaim

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """Sending failed (the mail server refused or could not be reached); the claim was removed."""


def address_of(to) -> str:
    """A person's e-mail address, or a bare address (a guest without an account)."""
    return (to if isinstance(to, str) else getattr(to, "email", "") or "").strip()


def recipient_name(to) -> str:
    """The name the person chose, or nothing: a bare address or an empty name gets "Hello," alone."""
    if isinstance(to, str):
        return ""
    return " ".join((getattr(to, "display_name", "") or "").split())


def recipient_language(to) -> str:
    """The language the e-mail is written in: the person's own when the account records one, else the site's."""
    language = getattr(to, "language", "") if not isinstance(to, str) else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def compose(
    *,
    kind: str,
    to,
    context: dict | None = None,
    headers: dict | None = None,
    language: str = "",
    name: str | None = None,
):
    """The e-mail `kind` for `to` (a person or an address), ready for `deliver`; None when there is no address.
    `language` and `name` replace the person's own where the caller knows better (the request's language)."""
    address = address_of(to)
    if not address:
        return None
    context = {
        "site_name": settings.PARVIS_SITE_NAME,
        "site_url": absolute_url("/"),
        "name": recipient_name(to) if name is None else name,
        **(context or {}),
    }
    with translation.override(language or recipient_language(to)):
        # One text template holds the subject, the content and the footer (blocks of `emails/base.txt`), rendered
        # one part at a time; the whole text and the HTML are built around the parts.
        text = {
            part: render_to_string(f"emails/{kind}.txt", context | {"part": part}).strip()
            for part in ("subject", "content", "footer")
        }
        subject = f"[{settings.PARVIS_SITE_NAME}] " + " ".join(text["subject"].split())
        parts = context | {"subject": subject, "content": text["content"], "footer": text["footer"]}
        body = render_to_string(f"emails/{kind}.txt", parts | {"part": "body"}).strip() + "\n"
        html = render_to_string(f"emails/{kind}.html", parts)
    message = EmailMultiAlternatives(subject, body, None, [address], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def deliver(message, *, key: str) -> int:
    """Send `message` (one recipient) unless the e-mail `key` already left for that address; returns 0 or 1."""
    if message is None:
        return 0
    address = message.to[0].lower()
    try:
        with transaction.atomic():
            MailClaim.objects.create(key=key[:200], address=address[:254])
    except IntegrityError:
        return 0  # claimed by an earlier run of the task: sent, or being sent
    try:
        return message.send()
    except Exception as error:
        MailClaim.objects.filter(key=key[:200], address=address[:254]).delete()  # so that the retry sends it
        logger.warning("e-mail not sent, will be retried", extra={"key": key, "error": repr(error)})
        raise MailNotSent(key) from error


def mail_task(function):
    """A task (django-tasks) for a function that sends e-mails. Its arguments are plain values and it must be safe
    to run again: the e-mails that left are claimed, so a new run sends only those that did not. When sending fails,
    the task enqueues itself again, PARVIS_MAIL_RETRY_MINUTES later (times the attempt) where the back-end can
    defer, at once otherwise, until PARVIS_MAIL_ATTEMPTS runs failed; then the error is raised."""

    @functools.wraps(function)
    def run(*, mail_attempt: int = 1, **kwargs):
        try:
            return function(**kwargs)
        except MailNotSent:
            if mail_attempt >= settings.PARVIS_MAIL_ATTEMPTS:
                raise
            retry = sending_task
            if retry.get_backend().supports_defer:
                delay = timedelta(minutes=settings.PARVIS_MAIL_RETRY_MINUTES * mail_attempt)
                retry = retry.using(run_after=timezone.now() + delay)
            retry.enqueue(mail_attempt=mail_attempt + 1, **kwargs)
            return "retry"

    sending_task = task()(run)
    return sending_task


def new_key() -> str:
    """A name for one e-mail decided now (a message to participants, a confirmation asked for): its task carries
    it, so that every run of that task claims the same e-mails."""
    return uuid.uuid4().hex


# A claim outlives every retry of its task by far (PARVIS_MAIL_ATTEMPTS runs, minutes apart).
CLAIMS_KEPT = timedelta(days=30)


def claims_purge() -> int:
    """Remove old claims (command `mail_claims_purge`); returns how many."""
    deleted, _by_model = MailClaim.objects.filter(claimed_at__lt=timezone.now() - CLAIMS_KEPT).delete()
    return deleted
