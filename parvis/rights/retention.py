"""How long Parvis keeps what it keeps: one named rule per kind of data, applied by `manage.py retention`.

Each rule has a name (what the register of personal data points to), the setting that holds its duration in days,
and a function that removes what is past its term at a given moment and returns how many things it removed. Every
rule is idempotent (a second run removes nothing more) and takes `now` so that tests can run it at a chosen date.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import ApiToken
from parvis.agenda.models import CalendarToken, Rsvp
from parvis.core.audit import AuditEntry
from parvis.core.management.commands.media_orphans import referenced_names, walk
from parvis.core.media import private_storage
from parvis.core.models import MailClaim
from parvis.figures.services import figures_purge
from parvis.hosting.services import hosting_log_purge
from parvis.neighbours.models import ResidenceCode
from parvis.notifications.models import Notification
from parvis.posts.models import PostRevision

from .models import DataExport, ExportStatus


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    # The setting holding the duration: days for Parvis's own (PARVIS_RETENTION_…), seconds for Django's
    # SESSION_COOKIE_AGE (a session lasts that long after the last sign-in, then this rule removes it).
    setting: str
    apply: Callable[[datetime], int]  # (now) -> how many things were removed


def _deleted(queryset) -> int:
    return queryset.delete()[0]


def _limit(setting: str, now: datetime) -> datetime:
    return now - timedelta(days=getattr(settings, setting))


def guest_answers_unconfirmed(now: datetime) -> int:
    """Guests who never clicked the confirmation link: their address was typed, perhaps by someone else."""
    return _deleted(
        Rsvp.objects.filter(user__isnull=True, confirmed=False, created_at__lt=_limit(RETENTION_GUEST, now))
    )


def codes_and_tokens_expired(now: datetime) -> int:
    """Residence codes past their date or revoked, API tokens and calendar addresses revoked, the claims that
    stopped an e-mail from leaving twice: kept a while (so that a person can see a token was revoked), then gone."""
    limit = _limit(RETENTION_TOKENS, now)
    removed = _deleted(ResidenceCode.objects.filter(Q(expires_at__lt=limit) | Q(revoked=True, created_at__lt=limit)))
    removed += _deleted(ApiToken.objects.filter(revoked_at__lt=limit))
    removed += _deleted(CalendarToken.objects.filter(revoked_at__lt=limit))
    removed += _deleted(MailClaim.objects.filter(claimed_at__lt=limit))
    return removed


def notifications_old(now: datetime) -> int:
    return _deleted(Notification.objects.filter(created_at__lt=_limit(RETENTION_NOTIFICATIONS, now)))


def edit_histories_old(now: datetime) -> int:
    """Earlier texts of edited posts: they show that a post changed, for a while, not forever."""
    return _deleted(PostRevision.objects.filter(created_at__lt=_limit(RETENTION_EDITS, now)))


def sessions_expired(now: datetime) -> int:
    return _deleted(Session.objects.filter(expire_date__lt=now))


def audit_entries_old(now: datetime) -> int:
    return _deleted(AuditEntry.objects.filter(created_at__lt=_limit(RETENTION_AUDIT, now)))


def data_exports_expired(now: datetime) -> int:
    """Downloads past their date, and downloaded ones (once the web server had time to send the file)."""
    done = DataExport.objects.filter(
        Q(expires_at__lt=now)
        | Q(status=ExportStatus.DOWNLOADED, downloaded_at__lt=now - timedelta(hours=1))
        | Q(status__in=[ExportStatus.PREPARING, ExportStatus.FAILED], created_at__lt=_limit(RETENTION_EXPORTS, now))
    )
    for export in done.exclude(file=""):
        export.file.delete(save=False)
    return _deleted(done)


def media_orphans(now: datetime) -> int:
    """Files no row points to any more (a deleted account's, a crash between a file and its row), once older than
    a day: a young file may belong to an upload whose row is not committed yet."""
    referenced = referenced_names()
    before = now - timedelta(days=getattr(settings, RETENTION_ORPHANS))
    removed = 0
    for label, storage in (("public", default_storage), ("private", private_storage())):
        try:
            names = list(walk(storage))
        except FileNotFoundError:
            continue  # a storage nothing was ever written to
        for name in names:
            if name not in referenced[label] and storage.get_modified_time(name) < before:
                storage.delete(name)
                removed += 1
    return removed


RETENTION_GUEST = "PARVIS_RETENTION_GUEST_ANSWERS_DAYS"
RETENTION_TOKENS = "PARVIS_RETENTION_TOKENS_DAYS"
RETENTION_NOTIFICATIONS = "PARVIS_RETENTION_NOTIFICATIONS_DAYS"
RETENTION_EDITS = "PARVIS_RETENTION_EDIT_HISTORY_DAYS"
RETENTION_AUDIT = "PARVIS_RETENTION_AUDIT_DAYS"
RETENTION_EXPORTS = "PARVIS_EXPORT_DAYS"
RETENTION_ORPHANS = "PARVIS_RETENTION_ORPHAN_FILES_DAYS"


def hosting_log_old(now: datetime) -> int:
    """The hosting log's rows past the year the law asks for (also `manage.py hosting_log_purge`)."""
    return hosting_log_purge(now=now)


RULES: list[Rule] = [
    Rule("guest_answers", _("unconfirmed answers of guests to events"), RETENTION_GUEST, guest_answers_unconfirmed),
    Rule("codes_and_tokens", _("expired or revoked codes and tokens"), RETENTION_TOKENS, codes_and_tokens_expired),
    Rule("notifications", _("notifications"), RETENTION_NOTIFICATIONS, notifications_old),
    Rule("edit_histories", _("earlier versions of edited posts"), RETENTION_EDITS, edit_histories_old),
    Rule("sessions", _("expired sign-in sessions"), "SESSION_COOKIE_AGE", sessions_expired),
    Rule("audit_log", _("audit log entries"), RETENTION_AUDIT, audit_entries_old),
    Rule("data_exports", _("downloads of personal data"), RETENTION_EXPORTS, data_exports_expired),
    Rule("hosting_log", _("the hosting log's rows"), "PARVIS_HOSTING_LOG_DAYS", hosting_log_old),
    Rule(
        "figures",
        _("page views and daily figures (counts, nothing about a person)"),
        "PARVIS_FIGURES_DAYS",
        figures_purge,
    ),
    Rule("orphan_files", _("files no longer attached to anything"), RETENTION_ORPHANS, media_orphans),
]


def rule(name: str) -> Rule:
    return next(each for each in RULES if each.name == name)


def retention_apply(*, now: datetime, only: list[str] | None = None) -> dict[str, int]:
    """Run every rule (or those named) at `now`; {rule name: how many things removed}."""
    return {each.name: each.apply(now) for each in RULES if not only or each.name in only}
