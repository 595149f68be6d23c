"""Computing the daily aggregates (`figures_compute`) and removing what is past its term.

Each registered indicator is asked once per day for {territory: count}; each count is added to the territory and to
every territory above it (a residence's to its quartier, commune, département and région), so that a page reads one
row per day whatever the size of the territory. Recomputing a day replaces its rows: running twice does no harm.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parvis.core import kinds
from parvis.territories.models import Territory

from .models import DailyFigure, PageCount
from .pages import figures_changed


def _chains() -> dict[int, list[int]]:
    """{territory id: [its id and the ids of every territory above it]} for the whole tree, in two reads."""
    by_key: dict[str, int] = {}
    paths: dict[int, str] = {}
    for pk, level, code, path in Territory.objects.values_list("pk", "level", "code", "path").iterator():
        by_key[f"{level}:{code}"] = pk
        paths[pk] = path
    chains = {}
    for pk, path in paths.items():
        keys = [part for part in path.strip("/").split("/") if part]
        chain = [by_key[key] for key in keys if key in by_key]
        chains[pk] = chain if pk in chain else [*chain, pk]
    return chains


def _bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def rolled_up(counts: dict[int, int], chains: dict[int, list[int]]) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for territory_id, count in counts.items():
        for above in chains.get(territory_id, ()):
            totals[above] += count
    return totals


def figures_compute(*, first: date, last: date, names: list[str] | None = None) -> int:
    """Compute every day from `first` to `last` (included); returns how many rows were written."""
    chains = _chains()
    written = 0
    chosen = [i for i in kinds.indicators() if names is None or i.name in names]
    day = first
    while day <= last:
        start, end = _bounds(day)
        for indicator in chosen:
            totals = rolled_up(indicator.count(start, end), chains)
            rows = [
                DailyFigure(day=day, territory_id=territory_id, indicator=indicator.name, value=value)
                for territory_id, value in totals.items()
                if value
            ]
            with transaction.atomic():
                DailyFigure.objects.filter(day=day, indicator=indicator.name).delete()
                DailyFigure.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
        day += timedelta(days=1)
    figures_changed()
    return written


def figures_purge(now: datetime) -> int:
    """Page views and daily figures older than PARVIS_FIGURES_DAYS (25 months): the retention rule `figures`."""
    limit = timezone.localdate(now) - timedelta(days=settings.PARVIS_FIGURES_DAYS)
    removed = PageCount.objects.filter(day__lt=limit).delete()[0]
    removed += DailyFigure.objects.filter(day__lt=limit).delete()[0]
    figures_changed()
    return removed
