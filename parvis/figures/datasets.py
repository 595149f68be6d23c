"""The figures per commune in the open-data catalogue (parvis/opendata): each indicator of each commune of the
instance over the last complete month, read from the daily aggregates. The privacy threshold of the dashboard holds
here too: a count of people from 1 to 4 is published as an empty value, never as its number."""

from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.territories.models import Territory

from . import privacy, reading
from .models import DailyFigure

FIELDS = (
    kinds.DatasetField("commune", "string", _("Name of the commune.")),
    kinds.DatasetField("code_insee", "string", _("INSEE code of the commune.")),
    kinds.DatasetField("mois", "string", _("Month counted (YYYY-MM): the last complete month.")),
    kinds.DatasetField("indicateur", "string", _("Code of the indicator (registered, events...).")),
    kinds.DatasetField("libelle", "string", _("Indicator as the operator's dashboard names it.")),
    kinds.DatasetField("nature", "string", _("flow: counted over the month; stock: the level at its end.")),
    kinds.DatasetField(
        "valeur", "integer", _("The figure; empty when unknown or when it counts 1 to 4 people (privacy threshold).")
    ),
)


def last_complete_month(today: date | None = None) -> reading.Period:
    today = today or timezone.localdate()
    return reading.Period.month(today.year, today.month).previous()


def rows() -> Iterator[dict]:
    period = last_complete_month()
    communes = list(Territory.objects.of_instance().communes().order_by("code"))
    indicators = [indicator for indicator in kinds.indicators() if not indicator.hidden]
    for chunk_start in range(0, len(communes), 200):
        chunk = communes[chunk_start : chunk_start + 200]
        values = reading.values_of(chunk, period)
        for commune in chunk:
            for indicator in indicators:
                yield {
                    "commune": commune.name,
                    "code_insee": commune.code,
                    "mois": period.key,
                    "indicateur": indicator.name,
                    "libelle": str(indicator.label),
                    "nature": "stock" if indicator.stock else "flow",
                    "valeur": privacy.exported(values[commune.pk].get(indicator.name), people=indicator.people),
                }


def updated():
    period = last_complete_month()
    last = DailyFigure.objects.between(period.first, period.last).last_day()
    # The day the figures were counted for, as the moment it began: the catalogue and `Last-Modified` take a time.
    return timezone.make_aware(datetime.combine(last, time.min)) if last else None


def register() -> None:
    kinds.register_dataset(
        kinds.Dataset(
            slug="chiffres-communes",
            title=_("Figures per commune"),
            description=_(
                "For each commune, last month's figures of the site: registered inhabitants, events, services "
                "between neighbours, reports to the town hall... Counts of 1 to 4 people are left empty, so that "
                "nobody can be recognised in a small place."
            ),
            fields=FIELDS,
            rows=rows,
            updated=updated,
            order=40,
            keywords=("statistiques", "usages", "communes"),
        )
    )
