"""The operator's figures: the dashboard, its CSV and JSON exports, the printable monthly report. Every view reads the
daily aggregates (`reading.py`) for one territory and one month, after the permission `figures.read`."""

import csv
import io
import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from parvis.core import kinds
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.territories.models import Level, Territory
from parvis.territories.services import instance_territories

from . import pages, plots, privacy, reading
from .reading import Period

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Choice:
    territory: Territory
    period: Period
    indicator: kinds.Indicator
    errors: list

    def query(self, **changes) -> str:
        values = {"territoire": self.territory.pk, "mois": self.period.key, "indicateur": self.indicator.name}
        values.update(changes)
        return urlencode(values)


def _choice(request) -> Choice:
    """The territory, month and indicator asked for; a wrong value is said and replaced by the default."""
    if not can(request.user, "figures.read"):
        raise PermissionDenied(_("Only the operator sees the figures."))
    errors = []
    roots = instance_territories()
    territory = roots[0] if roots else Territory.objects.filter(level=Level.DEPARTEMENT).first()
    wanted = request.GET.get("territoire", "").strip()
    place = request.GET.get("lieu", "").strip()[:100]
    if place:
        found = Territory.objects.communes().search(place).first()
        if found is None:
            errors.append(_("No commune is called “%(place)s”: type its name or its postal code.") % {"place": place})
        else:
            territory = found
    elif wanted:
        found = Territory.objects.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 12 else None
        if found is None:
            errors.append(_("This territory does not exist: the figures of %(name)s are shown.") % {"name": territory})
        else:
            territory = found
    if territory is None:
        raise PermissionDenied(_("The instance serves no territory yet: import its territories first."))
    today = timezone.localdate()
    period = Period.month(today.year, today.month)
    month = request.GET.get("mois", "").strip()
    if month:
        match = MONTH.match(month)
        if match and 2000 <= int(match[1]) <= today.year + 1 and 1 <= int(match[2]) <= 12:
            period = Period.month(int(match[1]), int(match[2]))
        else:
            errors.append(_("The month is written as 2026-11 (year, then month): the current month is shown."))
    name = request.GET.get("indicateur", "").strip()
    shown = [i for i in kinds.indicators() if not i.hidden]
    indicator = next((i for i in shown if i.name == name), None)
    if indicator is None:
        indicator = next((i for i in shown if i.name == "registered"), shown[0])
        if name:
            errors.append(_("This figure does not exist: the registered inhabitants are shown."))
    return Choice(territory, period, indicator, errors)


@cache_for_visitors  # a signed-in person's reload; never a visitor's (they are sent to sign in)
@login_required
def dashboard(request):
    choice = _choice(request)
    if not request.GET:
        # One address per page: the default territory, month and figure are written in it (and in its title).
        return redirect(reverse("figures:dashboard") + "?" + choice.query())
    territory, period, indicator = choice.territory, choice.period, choice.indicator
    body = pages.dashboard_body((territory.pk, period.key, indicator.name), lambda: _dashboard_context(choice))
    context = {
        "choice": choice,
        "territory": territory,
        "period": period,
        "indicator": indicator,
        "body": mark_safe(body),  # noqa: S308 - rendered by our template from the figures, escaped there
    }
    return render(request, "figures/dashboard.html", context, status=400 if choice.errors else 200)


def _dashboard_context(choice: Choice) -> dict:
    """What the dashboard's body shows: the same for every reader of these figures (see `pages.py`)."""
    territory, period, indicator = choice.territory, choice.period, choice.indicator
    points = reading.series(territory, indicator.name, period)
    compared = reading.comparison(territory, indicator.name, period)
    around, _relation = reading.compared(territory)
    label = str(indicator.label)
    return {
        "choice": choice,
        "territory": territory,
        "ancestors": territory.ancestors(),
        "period": period,
        "indicator": indicator,
        "lines": reading.lines(territory, period),
        "indicators": [i for i in kinds.indicators() if not i.hidden],
        "points": [(day, privacy.shown(value, people=indicator.people)) for day, value in points],
        "series_plot": plots.time_series(
            "figures-series",
            _("%(figure)s per day, %(place)s") % {"figure": capfirst(label), "place": territory.name},
            points,
            people=indicator.people,
        ),
        "around": around,
        "compared": compared[:30],
        "compared_total": len(compared),
        "bars_plot": plots.bars("figures-bars", _("%(figure)s: comparison") % {"figure": capfirst(label)}, compared),
        "map_plot": plots.commune_map(
            "figures-map", _("%(figure)s on the map") % {"figure": capfirst(label)}, compared
        ),
        "threshold": privacy.THRESHOLD,
        "previous_query": choice.query(mois=period.previous().key),
        "next_query": choice.query(mois=period.next().key),
        "query": choice.query(),
        "report_query": urlencode({"territoire": territory.pk, "mois": period.key}),
    }


def _table(choice: Choice) -> tuple[list[str], list[list]]:
    """Rows of the exports: the territory, then each place compared with it, one column per indicator (ingredients
    of ratios too); values under the threshold are left empty."""
    every = kinds.indicators()
    header = ["territoire", "code", "niveau", "du", "au", *[i.name for i in every]]
    compared = reading.comparison(choice.territory, choice.indicator.name, choice.period)
    places = [choice.territory] + [row["territory"] for row in compared if row["territory"].pk != choice.territory.pk]
    values = reading.values_of(places, choice.period)
    first, last = choice.period.first.isoformat(), choice.period.last.isoformat()
    rows = [
        [
            place.name,
            place.code,
            place.level,
            first,
            last,
            *[privacy.exported(values[place.pk].get(i.name, 0), people=i.people) for i in every],
        ]
        for place in places
    ]
    return header, rows


@login_required
def export_csv(request):
    choice = _choice(request)
    header, rows = _table(choice)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chiffres-{choice.territory.code}-{choice.period.key}.csv"'
    return response


@login_required
def export_json(request):
    choice = _choice(request)
    header, rows = _table(choice)
    labels = {i.name: str(i.label) for i in kinds.indicators()}
    data = {
        "period": {"first": choice.period.first.isoformat(), "last": choice.period.last.isoformat()},
        "threshold": privacy.THRESHOLD,
        "indicators": labels,
        "territories": [dict(zip(header, row, strict=True)) for row in rows],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = (
        f'attachment; filename="chiffres-{choice.territory.code}-{choice.period.key}.json"'
    )
    return response


@login_required
def report(request):
    choice = _choice(request)
    monthly = reading.monthly_report(choice.territory, choice.period)
    rows = [(line, monthly.previous.get(line.name)) for line in monthly.lines]
    return render(
        request,
        "figures/report.html",
        {
            "choice": choice,
            "report": monthly,
            "rows": rows,
            "threshold": privacy.THRESHOLD,
            "dashboard_url": reverse("figures:dashboard") + "?" + choice.query(),
        },
        status=400 if choice.errors else 200,
    )
