"""The yearly transparency report (DSA art. 15 and 24): what the moderation log says of a calendar year, from the
reports and decisions themselves, for anyone to read as a page or a CSV file.

Counted: notices by reason and outcome (removed, hidden, suspended, dismissed as unfounded, still open), the median
time from a notice to its handling (for trusted flaggers and for everyone else), the share of trusted flaggers'
and of anonymous notices, decisions by action, appeals and their outcomes with the median time to review. Nobody is
named: only counts and delays leave.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Action, AppealOutcome, Decision, DecisionStatus, Report, ReportReason, ReportStatus

DISMISSED = "dismissed"
PENDING = "pending"
OUTCOMES = [
    (Action.REMOVE.value, _("removed")),
    (Action.HIDE.value, _("hidden")),
    (Action.SUSPEND.value, _("suspended")),
    (DISMISSED, _("dismissed as unfounded")),
    (PENDING, _("not decided yet")),
]


@dataclass
class ReasonRow:
    reason: str
    label: str
    counts: list[int]
    total: int


@dataclass
class Transparency:
    year: int
    notices: int = 0
    trusted: int = 0
    anonymous: int = 0
    by_reason: list[ReasonRow] = field(default_factory=list)
    outcome_totals: list[int] = field(default_factory=list)
    median_hours: float | None = None
    median_hours_trusted: float | None = None
    median_hours_others: float | None = None
    decisions: list[tuple[str, str, int]] = field(default_factory=list)
    appeals: int = 0
    appeals_upheld: int = 0
    appeals_reversed: int = 0
    appeals_pending: int = 0
    median_hours_appeal: float | None = None
    # Notifiers contesting the dismissal of their notice.
    notice_appeals: int = 0
    notice_appeals_upheld: int = 0
    notice_appeals_reversed: int = 0
    notice_appeals_pending: int = 0

    @property
    def trusted_share(self) -> float | None:
        return round(100 * self.trusted / self.notices, 1) if self.notices else None

    @property
    def outcome_labels(self) -> list[str]:
        return [str(label) for _value, label in OUTCOMES]


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime(year, 1, 1)),  # noqa: DTZ001  (made aware in the site's time zone)
        timezone.make_aware(datetime(year + 1, 1, 1)),  # noqa: DTZ001
    )


def _hours(delays) -> float | None:
    delays = [delay.total_seconds() / 3600 for delay in delays]
    return round(median(delays), 1) if delays else None


def _outcome(row: dict) -> str:
    if row["decision__action"]:
        return row["decision__action"]
    if row["status"] == ReportStatus.CLOSED and row["handled_at"] is not None:
        return DISMISSED
    return PENDING


def transparency_for(year: int) -> Transparency:
    """The figures of the notices sent in `year` (their outcome as it stands today) and of the appeals made in it."""
    start, end = _year_bounds(year)
    figures = Transparency(year=year)
    rows = list(
        Report.objects.filter(created_at__gte=start, created_at__lt=end).values(
            "reason", "status", "decision__action", "trusted", "reporter_id", "created_at", "handled_at"
        )
    )
    outcome_index = {value: index for index, (value, _label) in enumerate(OUTCOMES)}
    counts = {reason: [0] * len(OUTCOMES) for reason in ReportReason.values}
    for row in rows:
        counts.setdefault(row["reason"], [0] * len(OUTCOMES))[outcome_index[_outcome(row)]] += 1
    figures.notices = len(rows)
    figures.trusted = sum(1 for row in rows if row["trusted"])
    figures.anonymous = sum(1 for row in rows if row["reporter_id"] is None)
    labels = dict(ReportReason.choices)
    figures.by_reason = [
        ReasonRow(reason=reason, label=str(labels.get(reason, reason)), counts=values, total=sum(values))
        for reason, values in counts.items()
        if sum(values)
    ]
    figures.outcome_totals = [sum(row.counts[index] for row in figures.by_reason) for index in range(len(OUTCOMES))]
    handled = [row for row in rows if row["handled_at"] is not None]
    figures.median_hours = _hours(row["handled_at"] - row["created_at"] for row in handled)
    figures.median_hours_trusted = _hours(row["handled_at"] - row["created_at"] for row in handled if row["trusted"])
    figures.median_hours_others = _hours(row["handled_at"] - row["created_at"] for row in handled if not row["trusted"])
    decisions = Decision.objects.filter(created_at__gte=start, created_at__lt=end)
    actions = dict(Action.choices)
    figures.decisions = [
        (value, str(actions[value]), decisions.filter(action=value).count()) for value in Action.values
    ]
    appeals = list(
        Decision.objects.filter(contested_at__gte=start, contested_at__lt=end).values(
            "status", "contested_at", "reviewed_at"
        )
    )
    figures.appeals = len(appeals)
    figures.appeals_upheld = sum(1 for row in appeals if row["status"] == DecisionStatus.UPHELD)
    figures.appeals_reversed = sum(1 for row in appeals if row["status"] == DecisionStatus.REVERSED)
    figures.appeals_pending = sum(1 for row in appeals if row["status"] == DecisionStatus.CONTESTED)
    figures.median_hours_appeal = _hours(
        row["reviewed_at"] - row["contested_at"] for row in appeals if row["reviewed_at"] is not None
    )
    notice_appeals = list(
        Report.objects.filter(appealed_at__gte=start, appealed_at__lt=end).values_list("appeal_outcome", flat=True)
    )
    figures.notice_appeals = len(notice_appeals)
    figures.notice_appeals_upheld = notice_appeals.count(AppealOutcome.UPHELD)
    figures.notice_appeals_reversed = notice_appeals.count(AppealOutcome.REVERSED)
    figures.notice_appeals_pending = notice_appeals.count("")
    return figures


def transparency_csv(figures: Transparency) -> str:
    """One figure a line (section, item, outcome, value): a spreadsheet reads it, a script sums it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "section", "item", "outcome", "value"])
    year = figures.year
    for row in figures.by_reason:
        for (outcome, _label), count in zip(OUTCOMES, row.counts, strict=True):
            writer.writerow([year, "notices", row.reason, outcome, count])
    writer.writerow([year, "notices", "total", "", figures.notices])
    writer.writerow([year, "notices", "trusted_flaggers", "", figures.trusted])
    writer.writerow([year, "notices", "without_account", "", figures.anonymous])
    writer.writerow([year, "delays", "median_hours", "", _blank(figures.median_hours)])
    writer.writerow([year, "delays", "median_hours_trusted_flaggers", "", _blank(figures.median_hours_trusted)])
    writer.writerow([year, "delays", "median_hours_others", "", _blank(figures.median_hours_others)])
    for action, _label, count in figures.decisions:
        writer.writerow([year, "decisions", action, "", count])
    writer.writerow([year, "appeals", "total", "", figures.appeals])
    writer.writerow([year, "appeals", "upheld", "", figures.appeals_upheld])
    writer.writerow([year, "appeals", "reversed", "", figures.appeals_reversed])
    writer.writerow([year, "appeals", "pending", "", figures.appeals_pending])
    writer.writerow([year, "delays", "median_hours_appeal", "", _blank(figures.median_hours_appeal)])
    writer.writerow([year, "notice_appeals", "total", "", figures.notice_appeals])
    writer.writerow([year, "notice_appeals", "upheld", "", figures.notice_appeals_upheld])
    writer.writerow([year, "notice_appeals", "reversed", "", figures.notice_appeals_reversed])
    writer.writerow([year, "notice_appeals", "pending", "", figures.notice_appeals_pending])
    return out.getvalue()


def _blank(value) -> object:
    return "" if value is None else value
