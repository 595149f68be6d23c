"""The hosting log's two writes besides its rows: the export a judge asks for (itself in the audit log), and the
purge after the year the law keeps it."""

import csv
import io
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.audit import audit, register_verbs
from parvis.core.permissions import can

from .models import HostingRecord

COLUMNS = ["time_utc", "account_id", "account_email", "ip", "port", "act", "kind", "object_id"]


class HostingVerb(models.TextChoices):
    EXPORTED = "hosting_log_exported", gettext_lazy("hosting log exported")


register_verbs(HostingVerb.choices)


@transaction.atomic
def hosting_log_export(*, reader, start=None, end=None, account_id: int | None = None, reason: str = "") -> str:
    """The rows of a period and/or an account as CSV (times in UTC, ISO 8601). The export is written in the audit
    log with what it covered, so that every reading of the addresses leaves a trace."""
    if not can(reader, "hosting_log.read"):
        raise PermissionDenied(_("Only the people designated to answer judicial requests read the hosting log."))
    rows = HostingRecord.objects.between(start, end).of_account(account_id).order_by("at", "pk")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.at.astimezone(UTC).isoformat(),
                row.account_id or "",
                row.account_email,
                row.ip or "",
                row.port or "",
                row.act,
                row.kind,
                row.object_id or "",
            ]
        )
        count += 1
    audit(
        actor=reader,
        verb=HostingVerb.EXPORTED,
        kind="hosting.hostingrecord",
        reason=reason,
        details={
            "from": start.isoformat() if start else None,
            "until": end.isoformat() if end else None,
            "account": account_id,
            "rows": count,
        },
    )
    return out.getvalue()


def hosting_log_purge(*, now=None) -> int:
    """Remove the rows older than the retention (a year by default); running it again removes nothing more."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.PARVIS_HOSTING_LOG_DAYS)
    deleted, _by_model = HostingRecord.objects.older_than(limit).delete()
    return deleted
