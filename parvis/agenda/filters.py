"""The agenda's filters, read once from the query string and applied the same way by the list, the month view and
the map, so that switching between them keeps what the visitor chose."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.bounds import date_message, has_nul, nul_message, year_in_range
from parvis.territories.models import Level, Territory

from .models import Accessibility, Category


class _FarDate(ValueError):
    """A real date outside the years the agenda holds (year 9999 overflows once shifted by a time zone)."""


def _parse_date(text: str) -> date:
    value = date.fromisoformat(text.strip())
    if not year_in_range(value):
        raise _FarDate(text)
    return value


@dataclass
class AgendaFilters:
    commune: Territory | None = None
    around: bool = False
    communes: list = field(default_factory=list)
    category: str = ""
    free: bool = False
    access: str = ""
    since: date | None = None
    until: date | None = None
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> "AgendaFilters":
        """Bad values are dropped with a message for the page, never an error: a shared link may be old or edited."""
        found = cls()
        slug = (params.get("commune") or "").strip()
        if has_nul(slug):
            found.errors.append(nul_message())
        elif slug:
            found.commune = Territory.objects.select_related("epci").filter(level=Level.COMMUNE, slug=slug).first()
            if found.commune is None:
                found.errors.append(_("Unknown commune: the events of every commune are shown."))
        if found.commune is not None:
            found.communes = [found.commune]
            if params.get("autour") and found.commune.epci_id:
                # Communes have no coordinates in the shipped data: "around" means the same intercommunality.
                found.around = True
                found.communes = list(
                    Territory.objects.filter(level=Level.COMMUNE, epci_id=found.commune.epci_id).order_by("name")
                )
        if params.get("categorie") in Category.values:
            found.category = params["categorie"]
        found.free = bool(params.get("gratuit"))
        if params.get("accessible") in Accessibility.values:
            found.access = params["accessible"]
        for name, attribute in (("du", "since"), ("au", "until")):
            text = (params.get(name) or "").strip()
            if not text:
                continue
            if has_nul(text):
                found.errors.append(nul_message())
                continue
            try:
                setattr(found, attribute, _parse_date(text))
            except _FarDate:
                found.errors.append(f"“{text[:30]}”: {date_message()}")
            except ValueError:
                found.errors.append(
                    _("“%(text)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-07-14.") % {"text": text[:30]}
                )
        if found.since and found.until and found.until < found.since:
            found.errors.append(_("The end of the period is before its start: the dates are ignored."))
            found.since = found.until = None
        return found

    def apply(self, events):
        if self.communes:
            events = events.in_communes(self.communes)
        if self.category:
            events = events.filter(category=self.category)
        if self.free:
            events = events.filter(is_free=True)
        if self.access:
            events = events.filter(accessibility__icontains=f'"{self.access}"')  # the JSON list as text, anywhere
        return events

    @property
    def has_dates(self) -> bool:
        return bool(self.since or self.until)

    def period(self) -> tuple[datetime, datetime]:
        """The chosen dates as [start, end) in the current time zone; without a start, from now."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.since, time.min, tzinfo=tz) if self.since else timezone.now()
        if self.until:
            end = datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=tz)
        else:
            end = start + timedelta(days=365)
        return start, end

    def query(self, *, dates: bool = True) -> str:
        """The filters as a query string (without "?"), for links between the list, the month and the map."""
        pairs = []
        if self.commune:
            pairs.append(("commune", self.commune.slug))
            if self.around:
                pairs.append(("autour", "1"))
        if self.category:
            pairs.append(("categorie", self.category))
        if self.free:
            pairs.append(("gratuit", "1"))
        if self.access:
            pairs.append(("accessible", self.access))
        if dates and self.since:
            pairs.append(("du", self.since.isoformat()))
        if dates and self.until:
            pairs.append(("au", self.until.isoformat()))
        return urlencode(pairs)
