"""Figures of a service's queue per category: how many reports, how many open, the median time to acknowledge and
to resolve. Read from the agent's own queue (`Report.objects.handled_by`), one query."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from .models import OPEN_STATES, Report, State


@dataclass
class CategoryFigures:
    category: str
    total: int
    open: int
    to_acknowledge: timedelta | None
    to_resolve: timedelta | None


def _median(values: list[timedelta]) -> timedelta | None:
    return timedelta(seconds=median(v.total_seconds() for v in values)) if values else None


def figures_by_category(reports) -> list[CategoryFigures]:
    rows = reports.values_list("category__name", "state", "created_at", "acknowledged_at", "closed_at")
    grouped: dict[str, dict] = {}
    for name, state, created, acknowledged, closed in rows.order_by():
        entry = grouped.setdefault(name, {"total": 0, "open": 0, "ack": [], "resolve": []})
        entry["total"] += 1
        entry["open"] += state in OPEN_STATES
        if acknowledged:
            entry["ack"].append(acknowledged - created)
        if state == State.RESOLVED and closed:
            entry["resolve"].append(closed - created)
    return [
        CategoryFigures(name, e["total"], e["open"], _median(e["ack"]), _median(e["resolve"]))
        for name, e in sorted(grouped.items())
    ]


def duration_words(value: timedelta | None) -> str:
    """ "3 h", "2 d 4 h": short, for a table."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    if hours < 1:
        return f"{max(1, int(value.total_seconds() // 60))} min"
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} j {hours % 24} h"


__all__ = ["Report", "figures_by_category", "duration_words"]
