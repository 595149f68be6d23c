"""The town hall's public reports in the open-data catalogue (parvis/opendata): what the public map reads of them,
no more. Never the reporter, never the description (a person may name a neighbour in it), never the photos; the
place rounded to about 100 m."""

from collections.abc import Iterator

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.core.links import absolute_url

from .models import Report, State

CHUNK = 500
FIELDS = (
    kinds.DatasetField("id", "integer", _("Number of the report on this site.")),
    kinds.DatasetField("categorie", "string", _("Kind of problem, as the commune names it.")),
    kinds.DatasetField("etat", "string", _("State: new, acknowledged, in_progress, resolved or refused.")),
    kinds.DatasetField("etat_libelle", "string", _("State as shown on the site.")),
    kinds.DatasetField("commune", "string", _("Commune where the problem is.")),
    kinds.DatasetField("code_insee", "string", _("INSEE code of that commune.")),
    kinds.DatasetField("latitude", "number", _("Latitude (WGS 84) rounded to 3 decimals, about 100 m.")),
    kinds.DatasetField("longitude", "number", _("Longitude (WGS 84) rounded to 3 decimals, about 100 m.")),
    kinds.DatasetField("signale_le", "datetime", _("When the problem was reported.")),
    kinds.DatasetField("clos_le", "datetime", _("When it was resolved or refused, empty while open.")),
    kinds.DatasetField("soutiens", "integer", _("Number of people who said they saw it too.")),
    kinds.DatasetField("url", "string", _("Page of the report on this site.")),
)


def _public():
    return Report.objects.public()


def _row(report: Report) -> dict:
    return {
        "id": report.pk,
        "categorie": report.category.name,
        "etat": report.state,
        "etat_libelle": str(State(report.state).label),
        "commune": report.commune.name,
        "code_insee": report.commune.code,
        "latitude": float(report.public_latitude),
        "longitude": float(report.public_longitude),
        "signale_le": timezone.localtime(report.created_at).isoformat(),
        "clos_le": timezone.localtime(report.closed_at).isoformat() if report.closed_at else None,
        "soutiens": report.supporter_count,
        "url": absolute_url(report.get_absolute_url()),
    }


def rows() -> Iterator[dict]:
    reports = _public().select_related("category", "commune").order_by("pk").iterator(chunk_size=CHUNK)
    return (_row(report) for report in reports)


def updated():
    return _public().order_by().aggregate(last=Max("updated_at"))["last"]


def fingerprint() -> str:
    summary = _public().order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
    return f"{summary['count']}-{summary['last']}"


def register() -> None:
    kinds.register_dataset(
        kinds.Dataset(
            slug="signalements",
            title=_("Reports of problems in public space"),
            description=_(
                "The problems inhabitants reported to their town hall and what became of them, as on the public map: "
                "the place is rounded to about 100 m, and neither the person who reported nor the description is "
                "published."
            ),
            fields=FIELDS,
            rows=rows,
            updated=updated,
            fingerprint=fingerprint,
            order=20,
            keywords=("voirie", "signalements", "services publics"),
        )
    )
