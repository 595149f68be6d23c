"""The register's lines for what keeps the service running: rate limits, the claims of sent e-mails, the audit log,
the task queue and Django's own tables (see `personal_data.py`)."""

from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from . import personal_data
from .audit import AuditEntry
from .models import MailClaim, RateCounter
from .personal_data import LEGAL_OBLIGATION, SECURITY, Entry, NotPersonal, Retention


def register() -> None:
    personal_data.register(
        key="operation",
        heading=_("Security and operation of the service"),
        order=90,
        entries=[
            Entry(
                RateCounter,
                ("key", "window", "count", "expires_at"),
                data=_("counts of recent actions per account or network address"),
                purpose=_("limiting floods of posts, reports and sign-in attempts"),
                basis=SECURITY,
                retention=Retention(life=_("until the counting window ends (an hour at most)")),
                seen_by=_("nobody: only compared with the limits"),
            ),
            Entry(
                MailClaim,
                ("key", "address", "claimed_at"),
                data=_("which e-mail was sent to which address"),
                purpose=_("never sending the same e-mail twice"),
                basis=SECURITY,
                retention=Retention(
                    default=timedelta(days=30), setting="PARVIS_RETENTION_TOKENS_DAYS", rule="codes_and_tokens"
                ),
                seen_by=_("nobody"),
            ),
            Entry(
                AuditEntry,
                ("actor", "actor_label", "verb", "kind", "object_id", "target_label", "space_id", "reason", "details"),
                data=_("acts of authority: who moderated, verified, reviewed or changed a role, what and why"),
                purpose=_("accounting for every decision taken over people and their content"),
                basis=LEGAL_OBLIGATION,
                retention=Retention(
                    default=timedelta(days=3 * 365), setting="PARVIS_RETENTION_AUDIT_DAYS", rule="audit_log"
                ),
                seen_by=_("the operator; a space's administrators for their space's acts"),
            ),
            Entry(
                LogEntry,
                ("user", "action_time", "content_type", "object_id", "object_repr", "action_flag", "change_message"),
                data=_("the changes the operator's staff make in the administration"),
                purpose=_("accounting for every change the operator's staff make"),
                basis=SECURITY,
                retention=Retention(life=_("as long as the staff member's account")),
                seen_by=_("the operator's administrators"),
            ),
            Entry(
                DBTaskResult,
                ("args_kwargs", "return_value", "traceback", "exception_class_path"),
                data=_("work waiting to be done in the background (an e-mail to send, a picture to prepare)"),
                purpose=_("doing slow work after the page answered"),
                basis=SECURITY,
                retention=Retention(life=_("until the work is done, then cleared by the operator's routine")),
                seen_by=_("the operator's system administrators"),
            ),
        ],
        not_personal=[
            NotPersonal(AuditEntry, ("created_at",), "the date of an act already described by its entry"),
            NotPersonal(
                DBTaskResult,
                (
                    "id",
                    "status",
                    "enqueued_at",
                    "started_at",
                    "finished_at",
                    "priority",
                    "task_path",
                    "worker_ids",
                    "queue_name",
                    "backend_name",
                    "run_after",
                ),
                "a background job's random number, state, function and queue",
            ),
            NotPersonal(Permission, ("name", "content_type", "codename"), "the list of Django's permissions"),
            NotPersonal(Group, ("name", "permissions"), "named sets of permissions, people are linked from User"),
            NotPersonal(ContentType, ("app_label", "model"), "the list of the instance's models"),
        ],
    )
