"""The directory of organisations in the open-data catalogue (parvis/opendata): the public pages of associations,
cultural venues, shops and schools, with what their profile publishes. A members-only or secret space is never in
it, even where its name is listed on the site, and neither are its members."""

from collections.abc import Iterator

from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.core.links import absolute_url
from parvis.spaces.models import OrganisationKind, Space, Visibility

from .models import DIRECTORY_KINDS, OrganisationProfile

CHUNK = 500
FIELDS = (
    kinds.DatasetField("nom", "string", _("Name of the organisation.")),
    kinds.DatasetField("type", "string", _("Kind: association, cultural_venue, shop or school.")),
    kinds.DatasetField("type_libelle", "string", _("Kind as shown on the site.")),
    kinds.DatasetField("verifiee", "boolean", _("True when the operator checked its SIREN, SIRET or RNA number.")),
    kinds.DatasetField("siret", "string", _("SIREN or SIRET number, when verified.")),
    kinds.DatasetField("rna", "string", _("RNA number of an association, when verified.")),
    kinds.DatasetField("themes", "array", _("Themes of its activities (codes).")),
    kinds.DatasetField("description", "string", _("Presentation written by the organisation.")),
    kinds.DatasetField("adresse", "string", _("Postal address it publishes.")),
    kinds.DatasetField("commune", "string", _("Commune or territory it belongs to.")),
    kinds.DatasetField("code_insee", "string", _("Code of that territory (INSEE for a commune).")),
    kinds.DatasetField("courriel", "string", _("Public e-mail address it publishes.")),
    kinds.DatasetField("telephone", "string", _("Public phone number it publishes.")),
    kinds.DatasetField("site_web", "string", _("Its website.")),
    kinds.DatasetField("horaires", "string", _("Opening hours as written by the organisation.")),
    kinds.DatasetField("url", "string", _("Its page on this site.")),
    kinds.DatasetField("mis_a_jour", "datetime", _("Last change of its profile (or its creation).")),
)


def _public():
    return Space.objects.listed_for(None).filter(visibility=Visibility.PUBLIC, organisation_kind__in=DIRECTORY_KINDS)


def _row(space: Space) -> dict:
    profile = getattr(space, "profile", None) or OrganisationProfile(space=space)
    changed = profile.updated_at or space.created_at
    return {
        "nom": space.name,
        "type": space.organisation_kind,
        "type_libelle": str(OrganisationKind(space.organisation_kind).label),
        "verifiee": space.is_verified,
        "siret": space.siret if space.is_verified else "",
        "rna": space.rna if space.is_verified else "",
        "themes": profile.theme_list,
        "description": space.description,
        "adresse": profile.address,
        "commune": space.territory.name,
        "code_insee": space.territory.code,
        "courriel": profile.email,
        "telephone": profile.phone,
        "site_web": profile.website,
        "horaires": profile.opening_hours,
        "url": absolute_url(space.get_absolute_url()),
        "mis_a_jour": timezone.localtime(changed).isoformat(),
    }


def rows() -> Iterator[dict]:
    spaces = _public().select_related("territory", "profile").order_by("pk").iterator(chunk_size=CHUNK)
    return (_row(space) for space in spaces)


def updated():
    return _public().order_by().aggregate(last=Max(Coalesce("profile__updated_at", "created_at")))["last"]


def fingerprint() -> str:
    summary = _public().order_by().aggregate(count=Count("pk"), last=Max("profile__updated_at"))
    return f"{summary['count']}-{summary['last']}"


def register() -> None:
    kinds.register_dataset(
        kinds.Dataset(
            slug="annuaire",
            title=_("Directory of organisations"),
            description=_(
                "Associations, cultural venues, shops and schools with a public page on this site, and the contact "
                "details they publish. Nothing about their members."
            ),
            fields=FIELDS,
            rows=rows,
            updated=updated,
            fingerprint=fingerprint,
            order=30,
            keywords=("associations", "commerces", "annuaire"),
        )
    )
