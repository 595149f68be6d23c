"""The operator's figures: partner shops out of the commune's shops, active associations, parents in classes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.directory.models import CommuneFigures, figures_by_commune
from parvis.figures.services import figures_compute
from parvis.posts.models import Post
from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.organisations import organisation_request
from tests.conftest import staff_client

pytestmark = pytest.mark.django_db


def test_figures_page_is_for_the_operator(client, inhabitant, operator):
    # The directory's figures folded into the operator's dashboard: the old address leads there.
    client.force_login(inhabitant)
    assert client.get(reverse("directory:figures"), follow=True).status_code == 403
    response = staff_client(client, operator).get(reverse("directory:figures"), follow=True)
    assert response.status_code == 200 and response.redirect_chain[0] == ("/chiffres/", 301)


def dashboard_of(client, commune) -> str:
    """The operator's dashboard for the commune, today's figures computed first (as the nightly task does)."""
    today = timezone.localdate()
    figures_compute(first=today, last=today)
    return client.get(f"/chiffres/?territoire={commune.pk}").content.decode()


def test_partner_share_uses_the_operator_count_of_shops(client, shop, shopkeeper, beauvais, operator):
    organisation_request(  # an unverified shop is no partner
        requester=shopkeeper, name="Fleuriste", kind=OrganisationKind.SHOP, commune=beauvais, siret="130005481"
    )
    row = next(r for r in figures_by_commune() if r["commune"] == "Beauvais")
    assert row["partners"] == 1
    assert row["shops_total"] is None
    client = staff_client(client, operator)
    page = dashboard_of(client, beauvais)
    assert "Partner shops</a>" in page and "% of the shops" not in page
    CommuneFigures.objects.create(territory=beauvais, shops_total=8)
    row = next(r for r in figures_by_commune() if r["commune"] == "Beauvais")
    assert (row["partners"], row["shops_total"], row["share"]) == (1, 8, 12)
    assert "12 % of the shops" in dashboard_of(client, beauvais)


def test_active_associations_have_a_post_or_event_in_90_days(association, inhabitant, beauvais):
    from parvis.agenda.models import Event

    asleep = organisation_request(
        requester=inhabitant, name="Club endormi", kind=OrganisationKind.ASSOCIATION, commune=beauvais, rna="W601111111"
    )
    old = organisation_request(
        requester=inhabitant, name="Club d'antan", kind=OrganisationKind.ASSOCIATION, commune=beauvais, rna="W601111112"
    )
    by_event = organisation_request(
        requester=inhabitant,
        name="Club des fêtes",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601111113",
    )
    Post.objects.create(space=association, author=inhabitant, body="Entraînement samedi")
    old_post = Post.objects.create(space=old, author=inhabitant, body="Il y a longtemps")
    Post.objects.filter(pk=old_post.pk).update(created_at=timezone.now() - timedelta(days=91))
    now = timezone.now()
    Event.objects.create(
        space=by_event, title="Bal", start=now + timedelta(days=10), end=now + timedelta(days=10, hours=3), uid="bal@t"
    )
    row = next(r for r in figures_by_commune() if r["commune"] == "Beauvais")
    assert row["active_associations"] == 2  # judo (post) and fêtes (event); not the asleep nor the old one
    assert asleep.pk


def test_people_counts_below_five_are_hidden(inhabitant, beauvais):
    from parvis.directory import services

    services.school_class_create(
        creator=inhabitant, school_name="École Jules-Ferry", year="CP", school_year="2026-2027"
    )
    row = next(r for r in figures_by_commune() if r["commune"] == "Beauvais")
    assert row["class_parents_shown"] == "<5"
