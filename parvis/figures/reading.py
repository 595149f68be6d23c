"""Reading the daily aggregates for a territory and a period: what the dashboard, its exports and the monthly report
show. Every function reads a few rows per day of one territory (or of its communes for one indicator), never the
content tables: a département of 680 communes costs what a village costs."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.territories.models import Level, Territory

from . import privacy
from .models import DailyFigure

# INSEE's mean number of people per household in France (2019 census): the estimate of a commune's households when
# the operator has not entered them.
PEOPLE_PER_HOUSEHOLD = 2.19


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]))

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def previous(self) -> "Period":
        before = self.first - timedelta(days=1)
        return Period.month(before.year, before.month)

    def next(self) -> "Period":
        after = self.last + timedelta(days=1)
        return Period.month(after.year, after.month)


@dataclass
class Line:
    """One indicator of a territory over a period, as shown (the threshold applied) and as exported."""

    name: str
    label: str
    value: int | None
    stock: bool
    people: bool
    note: str = ""  # "12 % of households (estimate)", "mean delay 3 d"
    estimate: bool = False

    @property
    def shown(self) -> str:
        return privacy.shown(self.value, people=self.people)

    @property
    def exported(self) -> int | None:
        return privacy.exported(self.value, people=self.people)


@dataclass
class Households:
    count: int
    estimated: bool  # some communes' households are estimated from their population


def households(territory: Territory) -> Households | None:
    """The households of the communes within `territory`: the operator's count, else population / 2.19."""
    if territory.level in (Level.QUARTIER, Level.RESIDENCE):
        return None
    row = (
        Territory.objects.within(territory)
        .filter(level=Level.COMMUNE)
        .aggregate(
            entered=Sum("households"),
            population=Sum("population", filter=Q(households__isnull=True)),
            missing=Count("pk", filter=Q(households__isnull=True)),
        )
    )
    estimated = round((row["population"] or 0) / PEOPLE_PER_HOUSEHOLD)
    total = (row["entered"] or 0) + estimated
    return Households(total, bool(row["missing"])) if total else None


def _values(territory: Territory, period: Period) -> dict[str, int]:
    """Each indicator's value: flows summed over the period, stocks at the last day computed in it."""
    rows = DailyFigure.objects.filter(territory=territory).between(period.first, period.last)
    stocks = {i.name for i in kinds.indicators() if i.stock}
    values = rows.exclude(indicator__in=stocks).flow_totals()
    last: dict[str, date] = {}
    for name, day, value in rows.filter(indicator__in=stocks).values_list("indicator", "day", "value"):
        if name not in last or day > last[name]:
            last[name], values[name] = day, value
    return values


def values_of(places: list[Territory], period: Period) -> dict[int, dict[str, int]]:
    """`_values` for many places in two queries (the exports of a département's communes)."""
    ids = [place.pk for place in places]
    result: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    rows = DailyFigure.objects.filter(territory__in=ids).between(period.first, period.last)
    stocks = {i.name for i in kinds.indicators() if i.stock}
    flows = rows.exclude(indicator__in=stocks).values_list("territory_id", "indicator").annotate(total=Sum("value"))
    for territory_id, name, total in flows.order_by():
        result[territory_id][name] = total
    last = rows.filter(indicator__in=stocks).last_day()
    if last:
        for territory_id, name, value in rows.filter(indicator__in=stocks, day=last).values_list(
            "territory_id", "indicator", "value"
        ):
            result[territory_id][name] = value
    return result


def _percent(part: int | None, whole: int | None) -> int | None:
    return round(100 * part / whole) if part is not None and whole else None


def lines(territory: Territory, period: Period) -> list[Line]:
    values = _values(territory, period)
    result = []
    for indicator in kinds.indicators():
        if indicator.hidden:
            continue
        value = values.get(indicator.name, 0)
        line = Line(indicator.name, str(indicator.label), value, indicator.stock, indicator.people)
        result.append(line)
        if indicator.name == "registered" and not privacy.hidden(value):
            homes = households(territory)
            if homes:
                line.estimate = homes.estimated
                share = _percent(value, homes.count)
                line.note = (
                    _("%(share)s %% of %(households)s households (estimate)")
                    if homes.estimated
                    else _("%(share)s %% of %(households)s households")
                ) % {"share": share, "households": privacy.shown(homes.count, people=False)}
        elif indicator.name == "partner_shops" and values.get("shops_total"):
            line.note = _("%(share)s %% of the shops") % {"share": _percent(value, values["shops_total"])}
        elif indicator.name == "reports_resolved" and value and values.get("resolution_hours") is not None:
            hours = values["resolution_hours"] / value
            line.note = _("mean delay %(delay)s") % {"delay": delay_words(hours)}
    return result


def delay_words(hours: float) -> str:
    if hours < 48:
        return _("%(hours)s h") % {"hours": round(hours)}
    return _("%(days)s d") % {"days": round(hours / 24)}


def series(territory: Territory, name: str, period: Period) -> list[tuple[date, int]]:
    """The indicator's value day by day (0 on a day without a row), up to today: the days of the month still to
    come are not zeros to plot."""
    today = timezone.localdate()
    rows = dict(
        DailyFigure.objects.filter(territory=territory, indicator=name)
        .between(period.first, period.last)
        .values_list("day", "value")
    )
    return [(day, rows.get(day, 0)) for day in period.days() if day <= today]


def compared(territory: Territory) -> tuple[Territory | None, str]:
    """Whose figures stand side by side: a commune's neighbours (the communes of its intercommunality, else of its
    département), a larger territory's own communes or départements."""
    if territory.level == Level.COMMUNE:
        if territory.epci_id:
            return territory.epci, "epci"
        return territory.parent, "parent"
    return territory, "parent"


def comparison(territory: Territory, name: str, period: Period) -> list[dict]:
    """[{territory, value}] for the places compared with `territory`, largest first, in two queries."""
    around, relation = compared(territory)
    if around is None:
        return []
    if relation == "epci":
        places = Territory.objects.filter(epci=around, level=Level.COMMUNE)
    else:
        places = Territory.objects.filter(parent=around).exclude(level__in=[Level.QUARTIER, Level.RESIDENCE])
        if not places.exists():
            places = Territory.objects.filter(parent=around)
    places = list(places.only("pk", "name", "slug", "level", "code", "centre_latitude", "centre_longitude"))
    indicator = kinds.indicator(name)
    rows = DailyFigure.objects.filter(indicator=name, territory__in=[p.pk for p in places]).between(
        period.first, period.last
    )
    if indicator is not None and indicator.stock:
        last = rows.last_day()
        values = dict(rows.filter(day=last).values_list("territory_id", "value")) if last else {}
    else:
        values = dict(rows.values_list("territory_id").annotate(total=Sum("value")).order_by())
    people = indicator.people if indicator else True
    result = [
        {
            "territory": place,
            "value": values.get(place.pk, 0),
            "shown": privacy.shown(values.get(place.pk, 0), people=people),
            "hidden": privacy.hidden(values.get(place.pk, 0), people=people),
            "current": place.pk == territory.pk,
        }
        for place in places
    ]
    # Places under the threshold sort as zero: their order among themselves would tell their values apart.
    result.sort(key=lambda row: (-(0 if row["hidden"] else row["value"]), row["territory"].name))
    return result


@dataclass
class Report:
    territory: Territory
    period: Period
    lines: list[Line] = field(default_factory=list)
    previous: dict[str, Line] = field(default_factory=dict)


def monthly_report(territory: Territory, period: Period) -> Report:
    report = Report(territory, period, lines(territory, period))
    report.previous = {line.name: line for line in lines(territory, period.previous())}
    return report
